"""Decoding filters on a next-token distribution: temperature, top-k, top-p (nucleus),
and a repetition penalty, with sampling checked against the filtered distribution."""
import numpy as np

rng = np.random.default_rng(0)
logits = np.array([4.0, 3.5, 3.0, 1.0, 0.5, 0.0, -1.0, -2.0])


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def apply_temperature(z, T):
    return z / T


def top_k(z, k):
    cut = np.sort(z)[-k]
    return np.where(z >= cut, z, -np.inf)


def top_p(z, p):
    """Keep the smallest set of most-likely tokens whose total probability is >= p."""
    probs = softmax(z)
    order = np.argsort(-probs)
    cum = np.cumsum(probs[order])
    n_keep = int(np.searchsorted(cum, p) + 1)          # include the token that crosses p
    keep = order[:n_keep]
    out = np.full_like(z, -np.inf)
    out[keep] = z[keep]
    return out


def repetition_penalty(z, previous_tokens, theta=1.3):
    """CTRL-style: make already-generated tokens less likely (divide positive logits,
    multiply negative ones) so the penalty always lowers their probability."""
    z = z.copy()
    for t in set(previous_tokens):
        z[t] = z[t] / theta if z[t] > 0 else z[t] * theta
    return z


p = softmax(logits)
# Temperature: T -> 0 approaches greedy, T = 1 unchanged, T large approaches uniform
assert np.argmax(softmax(apply_temperature(logits, 0.05))) == np.argmax(p)
assert softmax(apply_temperature(logits, 0.05)).max() > 0.99
assert np.allclose(softmax(apply_temperature(logits, 1.0)), p)
assert np.allclose(softmax(apply_temperature(logits, 1e4)), 1 / len(logits), atol=1e-3)
# Entropy increases with temperature
H = lambda q: -(q[q > 0] * np.log(q[q > 0])).sum()
assert H(softmax(logits / 0.7)) < H(p) < H(softmax(logits / 1.5))

# Top-k keeps exactly k tokens, renormalised
pk = softmax(top_k(logits, 3))
assert np.count_nonzero(pk) == 3 and np.allclose(pk[:3], p[:3] / p[:3].sum())

# Top-p: the nucleus adapts its size to the distribution's shape
pn = softmax(top_p(logits, 0.9))
kept = np.flatnonzero(pn)
print("probs:", np.round(p, 3), "-> nucleus(0.9) keeps", kept.tolist())
assert p[kept].sum() >= 0.9 and p[kept[:-1]].sum() < 0.9
peaked = np.array([10.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0])
assert np.count_nonzero(softmax(top_p(peaked, 0.9))) == 1      # confident -> 1 token
flat = np.zeros(8)
assert np.count_nonzero(softmax(top_p(flat, 0.9))) == 8        # uncertain -> many tokens

# Sampling from the filtered distribution matches it
samples = rng.choice(len(logits), size=100_000, p=pn)
assert np.allclose(np.bincount(samples, minlength=len(logits)) / 1e5, pn, atol=0.005)

# Repetition penalty lowers the probability of tokens already generated, positive or negative logit
for tok in (0, 6):                                  # logit 4.0 -> 3.08, logit -1.0 -> -1.3
    pr = softmax(repetition_penalty(logits, previous_tokens=[tok]))
    assert pr[tok] < p[tok]
# (naively dividing a negative logit by theta would have raised its probability)
naive = logits.copy(); naive[6] /= 1.3
assert softmax(naive)[6] > p[6]
