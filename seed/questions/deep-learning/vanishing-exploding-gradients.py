"""Vanishing and exploding gradients, measured: the norm of the backpropagated signal dL/da at
every layer of a deep MLP for sigmoid + Xavier init, ReLU + He init, and ReLU with a too-large
init. Then global-norm gradient clipping."""
import numpy as np

rng = np.random.default_rng(0)
DEPTH, WIDTH, BATCH = 30, 256, 64

act = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
}


def backward_signal_norms(kind, std):
    f, df = act[kind]
    Ws = [rng.normal(scale=std, size=(WIDTH, WIDTH)) for _ in range(DEPTH)]
    a = rng.normal(size=(BATCH, WIDTH))
    cache = []
    for W in Ws:                                   # forward, caching inputs and pre-activations
        z = a @ W
        out = f(z)
        cache.append((a, z, out))
        a = out
    delta_a = rng.normal(size=a.shape)             # some upstream gradient dL/da at the top
    norms = []
    for W, (a_in, z, out) in zip(reversed(Ws), reversed(cache)):
        dz = delta_a * df(z, out)
        delta_a = dz @ W.T
        norms.append(np.linalg.norm(delta_a))      # ||dL/da|| at this layer's input
    return norms[::-1]                             # index 0 = first (input-side) layer


results = {
    "sigmoid, Xavier": backward_signal_norms("sigmoid", np.sqrt(1 / WIDTH)),
    "relu, He": backward_signal_norms("relu", np.sqrt(2 / WIDTH)),
    "relu, 1.5x He": backward_signal_norms("relu", 1.5 * np.sqrt(2 / WIDTH)),
}
ratios = {}
for name, n in results.items():
    ratios[name] = n[0] / n[-1]
    print(f"{name:16s} ||dL/da|| input side / output side = {ratios[name]:.3e}")

assert ratios["sigmoid, Xavier"] < 1e-10            # vanishes: ~0.2 per layer over 29 layers
assert 0.1 < ratios["relu, He"] < 10                # stays O(1)
assert ratios["relu, 1.5x He"] > 1e3                # explodes: ~1.5 per layer

# Note: for ReLU the weight gradient a_in^T dz can look balanced across layers even when exploding:
# at layer l the forward activations have grown by ~1.5^l and the backward signal by ~1.5^(L-l),
# so their product is about the same everywhere; the signal dL/da (and the forward activations
# themselves) are the quantities that blow up.

# Arithmetic quoted in the answer
assert np.isclose(0.25 ** 10, 9.5367e-07, rtol=1e-4)
assert 13780 < 1.1 ** 100 < 13781 and np.isclose(0.9 ** 100, 2.656e-05, rtol=1e-3)

# Global-norm clipping rescales all gradients together and preserves direction.
grads = [rng.normal(size=(3, 3)) * 100, rng.normal(size=3) * 100]
max_norm = 1.0
total = np.sqrt(sum((g ** 2).sum() for g in grads))
scale = min(1.0, max_norm / (total + 1e-6))
clipped = [g * scale for g in grads]
new_total = np.sqrt(sum((g ** 2).sum() for g in clipped))
assert np.isclose(new_total, max_norm, rtol=1e-5)
cos = np.dot(np.concatenate([g.ravel() for g in grads]), np.concatenate([g.ravel() for g in clipped]))
cos /= total * new_total
assert np.isclose(cos, 1.0)
