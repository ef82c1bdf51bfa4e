import numpy as np


def build_alias(w):
    w = np.asarray(w, dtype=float)
    n = len(w)
    q = w * n / w.sum()
    prob, alias = np.ones(n), np.arange(n)
    small = [i for i in range(n) if q[i] < 1.0]
    large = [i for i in range(n) if q[i] >= 1.0]
    while small and large:
        s, l = small.pop(), large.pop()
        prob[s], alias[s] = q[s], l
        q[l] -= 1.0 - q[s]
        (small if q[l] < 1.0 else large).append(l)
    for i in small + large:                  # numerical leftovers only
        prob[i] = 1.0
    return prob, alias


def implied_probs(prob, alias):
    n = len(prob)
    p = prob.copy()
    np.add.at(p, alias, 1.0 - prob)          # donated mass flows to the alias
    return p / n


def sample_alias(prob, alias, size, rng):
    i = rng.integers(0, len(prob), size)
    return np.where(rng.random(size) < prob[i], i, alias[i])


def sample_prefix(w, size, rng):
    c = np.cumsum(w, dtype=float)
    u = rng.random(size) * c[-1]
    return np.searchsorted(c, u, side="right")


# Worked example.
prob, alias = build_alias([1, 2, 3, 6])
assert np.allclose(implied_probs(prob, alias), np.array([1, 2, 3, 6]) / 12)
assert np.all((prob >= 0) & (prob <= 1))

# Exact implied probabilities for many random weight vectors, zeros included.
rng = np.random.default_rng(0)
for _ in range(300):
    n = rng.integers(1, 50)
    w = rng.exponential(size=n) * (rng.random(n) > 0.2)
    if w.sum() == 0:
        continue
    prob, alias = build_alias(w)
    assert np.allclose(implied_probs(prob, alias), w / w.sum(), atol=1e-12)

# Simulation: both samplers match the target; zero-weight items never appear.
w = np.array([0.0, 5.0, 1.0, 0.0, 3.0, 1.0])
p = w / w.sum()
N = 200_000
prob, alias = build_alias(w)
for draws in (sample_alias(prob, alias, N, rng), sample_prefix(w, N, rng)):
    freq = np.bincount(draws, minlength=len(w)) / N
    assert freq[0] == 0 and freq[3] == 0
    assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / N) + 1e-12), freq

# Gumbel-max draws exactly from softmax(z).
z = np.array([1.0, 2.0, 0.5])
g = -np.log(-np.log(rng.random((N, 3))))
freq = np.bincount((z + g).argmax(1), minlength=3) / N
sm = np.exp(z) / np.exp(z).sum()
assert np.all(np.abs(freq - sm) < 5 * np.sqrt(sm * (1 - sm) / N))
print("ok")
