"""Skip-gram with negative sampling (SGNS) in numpy: gradients checked by finite differences,
then trained on a toy corpus with two topics; same-topic words end up closer."""
import numpy as np

rng = np.random.default_rng(0)
sig = lambda z: 1 / (1 + np.exp(-z))


def sgns_loss_grads(v_c, u_o, U_neg):
    """loss = -log s(u_o.v_c) - sum_k log s(-u_k.v_c)"""
    pos, neg = sig(u_o @ v_c), sig(U_neg @ v_c)
    loss = -np.log(pos) - np.log(1 - neg).sum()
    g_vc = (pos - 1) * u_o + neg @ U_neg
    g_uo = (pos - 1) * v_c
    g_Un = neg[:, None] * v_c[None, :]
    return loss, g_vc, g_uo, g_Un


# Finite-difference check of the analytic gradients.
d, K = 6, 5
v, u, Un = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(K, d))
_, gv, gu, gn = sgns_loss_grads(v, u, Un)
eps = 1e-6
for arr, g in [(v, gv), (u, gu), (Un, gn)]:             # centre, context and negative vectors
    num = np.zeros_like(arr)
    for i in np.ndindex(arr.shape):
        arr[i] += eps; lp = sgns_loss_grads(v, u, Un)[0]
        arr[i] -= 2 * eps; lm = sgns_loss_grads(v, u, Un)[0]
        arr[i] += eps
        num[i] = (lp - lm) / (2 * eps)
    assert np.allclose(num, g, atol=1e-6)

# Toy corpus: 2 topics x 6 words; a sentence draws all its words from one topic.
V, per_topic, window = 12, 6, 2
sentences = [rng.integers(0, per_topic, size=10) + per_topic * rng.integers(0, 2) for _ in range(300)]
counts = np.bincount(np.concatenate(sentences), minlength=V).astype(float)
noise = counts ** 0.75 / (counts ** 0.75).sum()            # unigram^(3/4) noise distribution

dim, lr = 10, 0.05
W_in = rng.normal(scale=0.1, size=(V, dim))                # centre-word vectors v
W_out = np.zeros((V, dim))                                 # context-word vectors u
for epoch in range(2):
    for s in sentences:
        for i, c in enumerate(s):
            for j in range(max(0, i - window), min(len(s), i + window + 1)):
                if j == i:
                    continue
                negs = rng.choice(V, size=K, p=noise)
                _, g_vc, g_uo, g_Un = sgns_loss_grads(W_in[c], W_out[s[j]], W_out[negs])
                W_in[c] -= lr * g_vc
                W_out[s[j]] -= lr * g_uo
                np.add.at(W_out, negs, -lr * g_Un)

E = W_in / np.linalg.norm(W_in, axis=1, keepdims=True)
cos = E @ E.T
topic = np.arange(V) // per_topic
same = cos[(topic[:, None] == topic[None, :]) & ~np.eye(V, dtype=bool)].mean()
diff = cos[topic[:, None] != topic[None, :]].mean()
print(f"mean cosine: same topic {same:.2f}, different topic {diff:.2f}")
assert same > 0.8 and same - diff > 0.5
# Nearest neighbour of every word is in its own topic.
nn = np.argsort(-cos, axis=1)[:, 1]
assert np.all(topic[nn] == topic)
