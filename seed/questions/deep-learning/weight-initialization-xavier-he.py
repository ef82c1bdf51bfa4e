"""Why initialization variance matters: the second moment of activations through a 50-layer
MLP under different inits, plus the symmetry problem of zero/constant init."""
import numpy as np

rng = np.random.default_rng(0)
DEPTH, N, BATCH = 50, 512, 256
relu = lambda z: np.maximum(z, 0)


BASE = [rng.standard_normal((N, N)) for _ in range(DEPTH)]    # shared draws, rescaled per init


def second_moments(act, std):
    x = rng.normal(size=(BATCH, N))
    out = []
    for W in BASE:
        z = x @ (std * W)
        out.append(np.mean(z ** 2))               # second moment of pre-activations
        x = act(z)
    return np.array(out)


he = second_moments(relu, np.sqrt(2 / N))
xavier_relu = second_moments(relu, np.sqrt(1 / N))   # Glorot with fan_in = fan_out = N
xavier_tanh = second_moments(np.tanh, np.sqrt(1 / N))
tanh_gain = second_moments(np.tanh, (5 / 3) * np.sqrt(1 / N))   # PyTorch's gain for tanh
small = second_moments(np.tanh, 0.01)

print("tanh with gain 5/3: %.3g" % tanh_gain[-1])
print("layer 50 E[z^2]: He+ReLU %.3g | Xavier+ReLU %.3g | Xavier+tanh %.3g | N(0,0.01)+tanh %.3g"
      % (he[-1], xavier_relu[-1], xavier_tanh[-1], small[-1]))

assert 0.25 < he[-1] / he[0] < 4.0                 # He: O(1) through 50 ReLU layers (finite-width wander, no trend)
per_layer = (xavier_relu[-1] / xavier_relu[0]) ** (1 / 49)
assert 0.47 < per_layer < 0.51                     # roughly halves at every layer
assert 1e-3 < xavier_tanh[-1] < 0.05               # tanh, gain 1: slow (roughly 1/L) decay, no collapse
assert 0.2 < tanh_gain[-1] < 2.0                   # gain 5/3 compensates tanh's contraction
assert small[-1] < 1e-30                           # 512 * 1e-4 = 0.05 per layer: collapse

# Each ReLU layer halves the second moment when Var(w) = 1/n: E[relu(z)^2] = Var(z) / 2.
z = rng.normal(size=1_000_000)
assert np.isclose(np.mean(relu(z) ** 2), 0.5, atol=0.005)

# Symmetry: with constant init, every hidden unit computes the same function and receives the
# same gradient, so they stay identical forever.
X = rng.normal(size=(32, 4)); y = rng.normal(size=(32, 1))
W1 = np.full((4, 6), 0.3); W2 = np.full((6, 1), 0.3)
for _ in range(100):
    h = np.tanh(X @ W1)
    err = h @ W2 - y
    gW2 = h.T @ err / 32
    gW1 = X.T @ ((err @ W2.T) * (1 - h ** 2)) / 32
    W1 -= 0.1 * gW1; W2 -= 0.1 * gW2
assert np.allclose(W1, W1[:, :1])                  # all 6 hidden units are still clones
