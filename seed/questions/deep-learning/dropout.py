"""Inverted dropout: the expectation is preserved, the variance is not, and for a linear model
dropout equals an adaptive L2 penalty in expectation."""
from itertools import product

import numpy as np

rng = np.random.default_rng(0)


def dropout(x, p, training):
    if not training or p == 0:
        return x                                      # inverted dropout: identity at test time
    mask = rng.random(x.shape) >= p                   # keep with probability 1 - p
    return x * mask / (1 - p)                         # rescale at train time


p = 0.5
x = rng.normal(1.0, 1.0, size=2_000_000)
y_train = dropout(x, p, training=True)
assert np.isclose(y_train.mean(), x.mean(), atol=0.01)               # E[output] unchanged
# Second moment inflates by 1/(1-p): the "variance shift" that confuses a following BatchNorm
assert np.isclose(np.mean(y_train ** 2), np.mean(x ** 2) / (1 - p), rtol=0.01)
assert np.array_equal(dropout(x, p, training=False), x)

# Linear regression with dropout on the inputs:
#   E_mask[(t - w.(m*x)/(1-p))^2] = (t - w.x)^2 + p/(1-p) * sum_j w_j^2 x_j^2
w = np.array([0.5, -1.0, 2.0, 0.3])
xi = np.array([1.0, 2.0, -0.5, 3.0])
t = 1.5
p = 0.3
masks = rng.random((400_000, 4)) >= p
preds = (masks * xi / (1 - p)) @ w
mc = np.mean((t - preds) ** 2)
closed = (t - w @ xi) ** 2 + p / (1 - p) * np.sum(w ** 2 * xi ** 2)
print(f"Monte Carlo {mc:.4f} vs closed form {closed:.4f}")
assert np.isclose(mc, closed, rtol=0.01)

# Test-time output of a linear layer = average over all 2^4 sub-networks (exact for linear).
subnets = [np.array(m) for m in product([0, 1], repeat=4)]
probs = [np.prod(np.where(m == 1, 1 - p, p)) for m in subnets]
ensemble = sum(pr * ((m * xi / (1 - p)) @ w) for pr, m in zip(probs, subnets))
assert np.isclose(sum(probs), 1.0) and np.isclose(ensemble, w @ xi)
