"""Residual connections keep a gradient path: input-gradient norm through 100 blocks
F(x) = relu(x W1) W2, plain stack vs residual stack, at the same initialization."""
import numpy as np

rng = np.random.default_rng(0)
L, D, B = 100, 128, 32
relu = lambda z: np.maximum(z, 0)
# Xavier-scale weights: with a ReLU in between, each plain block halves the signal energy.
W1s = [rng.normal(scale=np.sqrt(1 / D), size=(D, D)) for _ in range(L)]
W2s = [rng.normal(scale=np.sqrt(1 / D), size=(D, D)) for _ in range(L)]


def run(residual, alpha=1.0):
    """Returns ||dL/dx_input|| for a unit-norm upstream gradient, and output/input RMS."""
    x = x0 = rng.normal(size=(B, D))
    cache = []
    for W1, W2 in zip(W1s, W2s):
        z = x @ W1
        f = relu(z) @ W2
        cache.append(z)
        x = x + alpha * f if residual else f
    g = np.ones_like(x) / np.sqrt(x.size)
    for W1, W2, z in zip(reversed(W1s), reversed(W2s), reversed(cache)):
        g_branch = (((alpha * g) @ W2.T) * (z > 0)) @ W1.T
        g = g + g_branch if residual else g_branch   # Jacobian I + dF/dx  vs  dF/dx
    return np.linalg.norm(g), np.sqrt(np.mean(x ** 2) / np.mean(x0 ** 2))


g_plain, a_plain = run(residual=False)
g_res, a_res = run(residual=True, alpha=1 / np.sqrt(L))     # branch scaled by 1/sqrt(L)
g_big, a_big = run(residual=True, alpha=1.0)
for name, g, a in [("plain", g_plain, a_plain), ("residual, 1/sqrt(L)", g_res, a_res),
                   ("residual, unscaled", g_big, a_big)]:
    print(f"{name:20s} input-grad norm {g:.2e}   activation RMS ratio {a:.2e}")

assert g_plain < 1e-12 and a_plain < 1e-12     # ~0.5^(100/2) ~ 1e-15: signal and gradient vanish
assert 0.5 < g_res < 5 and 0.5 < a_res < 5     # identity path: both stay O(1)
assert g_big > 1e6 and a_big > 1e6             # unscaled sum grows ~sqrt(1.5)^100 ~ 6e8

# A zero-initialized branch makes the block exactly the identity (Jacobian = I).
x = rng.normal(size=(4, D))
assert np.array_equal(x + relu(x @ W1s[0]) @ np.zeros((D, D)), x)
