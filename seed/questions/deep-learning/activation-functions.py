"""Activation functions: derivative bounds, GELU's tanh approximation, SiLU's minimum,
and a dead-ReLU layer versus leaky ReLU."""
import math
import numpy as np

rng = np.random.default_rng(0)
x = np.linspace(-8, 8, 160001)

sigmoid = 1 / (1 + np.exp(-x))
d_sigmoid = sigmoid * (1 - sigmoid)
d_tanh = 1 - np.tanh(x) ** 2
assert np.isclose(d_sigmoid.max(), 0.25) and np.isclose(d_tanh.max(), 1.0)
assert d_sigmoid[np.abs(x) >= 5].max() < 0.0067          # saturated: sigma'(5) ~ 0.0066

erf = np.vectorize(math.erf)
gelu = 0.5 * x * (1 + erf(x / math.sqrt(2)))                # x * Phi(x), exact
gelu_tanh = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
print("max |GELU - tanh approx| =", np.abs(gelu - gelu_tanh).max())
assert np.abs(gelu - gelu_tanh).max() < 1e-3

silu = x * sigmoid
i = silu.argmin()
print("SiLU minimum", silu[i], "at x =", x[i])
assert np.isclose(silu[i], -0.2785, atol=1e-4) and np.isclose(x[i], -1.2785, atol=1e-3)
assert np.isclose(gelu.min(), -0.17, atol=0.001)             # GELU dips to about -0.17

# Dead ReLU: a large negative bias (e.g. after one oversized update) turns units off for every
# input; their gradient is then exactly zero, so gradient descent can never revive them.
X = rng.normal(size=(1000, 20))
W = rng.normal(scale=np.sqrt(2 / 20), size=(20, 64))
b = np.zeros(64)
b[:16] = -10.0                                              # 16 of 64 units pushed far negative
Z = X @ W + b
upstream = rng.normal(size=Z.shape)
grad_b_relu = (upstream * (Z > 0)).sum(axis=0)
grad_b_leaky = (upstream * np.where(Z > 0, 1.0, 0.01)).sum(axis=0)
dead = (Z <= 0).all(axis=0)
print("dead units:", dead.sum())
assert dead.sum() == 16 and np.all(grad_b_relu[dead] == 0)
assert np.all(grad_b_leaky[dead] != 0)                      # leaky ReLU still gets a signal
