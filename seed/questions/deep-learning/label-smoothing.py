"""Label smoothing: the smoothed cross-entropy, its decomposition, and the finite logit gap it
converges to, versus plain cross-entropy whose logits grow without bound."""
import numpy as np


def log_softmax(z):
    z = z - z.max()
    return z - np.log(np.exp(z).sum())


def smoothed_targets(y, K, eps):
    q = np.full(K, eps / K)
    q[y] += 1 - eps
    return q


K, eps, y = 10, 0.1, 3
z = np.random.default_rng(0).normal(size=K)
q = smoothed_targets(y, K, eps)
ls_loss = -(q * log_softmax(z)).sum()
# Decomposition: (1 - eps) * CE(one-hot) + eps * CE(uniform)
decomp = (1 - eps) * -log_softmax(z)[y] + eps * -log_softmax(z).mean()
assert np.isclose(ls_loss, decomp)

# Gradient descent directly on the logits of one example.
def train(target, steps=5000, lr=2.0):
    z = np.zeros(K)
    for _ in range(steps):
        p = np.exp(log_softmax(z))
        z -= lr * (p - target)                       # d CE / d z = p - target
    return z


z_ls = train(q)
z_ce = train(np.eye(K)[y])
gap_ls = z_ls[y] - np.delete(z_ls, y).max()
gap_ce = z_ce[y] - np.delete(z_ce, y).max()
closed = np.log((1 - eps + eps / K) / (eps / K))    # log(0.91 / 0.01) = log 91
print(f"logit gap: label smoothing {gap_ls:.3f} (closed form {closed:.3f}), plain CE {gap_ce:.2f} and growing")
assert np.isclose(gap_ls, closed, atol=1e-3) and np.isclose(closed, np.log(91))
assert np.allclose(np.exp(log_softmax(z_ls)), q, atol=1e-4)   # converges to the smoothed target
assert gap_ce > 2 * closed                                     # one-hot CE keeps pushing
assert train(np.eye(K)[y], steps=10000)[y] > z_ce[y]           # ...and never stops

# Confidence cap: with eps = 0.1 and K = 1000 (ImageNet) the target max probability is 0.9001.
assert np.isclose(smoothed_targets(0, 1000, 0.1).max(), 0.9001)
