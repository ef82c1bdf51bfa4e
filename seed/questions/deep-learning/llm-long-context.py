"""RoPE in NumPy: scores depend only on relative position, wavelengths per dimension pair,
and position interpolation squeezing a longer context into the trained range."""
import numpy as np

rng = np.random.default_rng(0)
d, base = 64, 10_000.0
theta = base ** (-np.arange(0, d, 2) / d)          # one frequency per pair of dimensions


def rope(x, pos, scale=1.0):
    """Rotate consecutive pairs (x0, x1), (x2, x3), ... by angle (pos / scale) * theta_i."""
    ang = (pos / scale) * theta
    c, s = np.cos(ang), np.sin(ang)
    x0, x1 = x[0::2], x[1::2]
    out = np.empty_like(x)
    out[0::2] = x0 * c - x1 * s
    out[1::2] = x0 * s + x1 * c
    return out


q, k = rng.normal(size=d), rng.normal(size=d)

# 1) q.k after rotation depends only on the offset m - n, not on absolute positions
s1 = rope(q, 100) @ rope(k, 90)
s2 = rope(q, 5010) @ rope(k, 5000)
assert np.isclose(s1, s2)
# and rotation preserves norms (no change to the magnitude of q or k)
assert np.isclose(np.linalg.norm(rope(q, 1234)), np.linalg.norm(q))

# 2) Wavelengths range from 2*pi (~6 tokens) to ~2*pi*base (tens of thousands of tokens)
wavelengths = 2 * np.pi / theta
print(f"shortest wavelength {wavelengths[0]:.1f} tokens, longest {wavelengths[-1]:,.0f} tokens")
assert np.isclose(wavelengths[0], 2 * np.pi)
assert wavelengths[-1] > 40_000

# 3) Position interpolation: to run a 4k-trained model at 16k, divide positions by s = 4.
#    Every rotation angle then stays inside the range seen in training.
L_train, L_new = 4096, 16384
s = L_new / L_train
max_angle_train = (L_train - 1) * theta
assert np.all((L_new - 1) / s * theta <= max_angle_train + theta)   # within training range
assert np.any((L_new - 1) * theta > max_angle_train * 3)            # without it: far outside
# The price: neighbouring tokens are now only 1/s apart in "position", so fine
# distinctions are compressed (hence the short fine-tune PI needs, and NTK/YaRN refinements)
assert np.isclose(rope(q, 1, scale=s) @ rope(k, 0, scale=s), rope(q, 0.25) @ rope(k, 0))

# 4) NTK-aware scaling instead raises the base: b' = b * s^(d / (d - 2)); the lowest
#    frequency is then interpolated by exactly s while the highest is untouched
b_new = base * s ** (d / (d - 2))
theta_new = b_new ** (-np.arange(0, d, 2) / d)
assert np.isclose(theta_new[0], theta[0])
assert np.isclose(theta[-1] / theta_new[-1], s)
