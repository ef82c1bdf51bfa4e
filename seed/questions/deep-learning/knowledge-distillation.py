"""Knowledge distillation loss in numpy: the soft-target gradient, why it is multiplied by T^2,
and the high-temperature limit where distillation becomes logit matching (Hinton et al., 2015)."""
import numpy as np

rng = np.random.default_rng(0)


def softmax(z, T=1.0):
    z = z / T
    e = np.exp(z - z.max())
    return e / e.sum()


def kd_loss(z_s, z_t, y, T, alpha):
    """alpha * T^2 * KL(p_t^T || p_s^T) + (1 - alpha) * CE(y, p_s)"""
    p_t, p_s = softmax(z_t, T), softmax(z_s, T)
    kl = np.sum(p_t * (np.log(p_t) - np.log(p_s)))
    ce = -np.log(softmax(z_s)[y])
    return alpha * T ** 2 * kl + (1 - alpha) * ce


def kd_grad(z_s, z_t, y, T, alpha):
    onehot = np.eye(len(z_s))[y]
    soft = T * (softmax(z_s, T) - softmax(z_t, T))          # = T^2 * (1/T) * (p_s - p_t)
    hard = softmax(z_s) - onehot
    return alpha * soft + (1 - alpha) * hard


K = 10
z_t = rng.normal(scale=3, size=K)            # teacher logits
z_s = rng.normal(scale=3, size=K)            # student logits
y = int(np.argmax(z_t))
for T in (1.0, 4.0, 20.0):
    g = kd_grad(z_s, z_t, y, T, alpha=0.7)
    num = np.array([(kd_loss(z_s + e, z_t, y, T, 0.7) - kd_loss(z_s - e, z_t, y, T, 0.7)) / 2e-6
                    for e in np.eye(K) * 1e-6])
    assert np.allclose(g, num, atol=1e-6), T

# Without the T^2 factor the soft-target gradient shrinks like 1/T^2 for large T
# (which would silently down-weight it against the hard loss as T is tuned).
soft_norm = lambda T: np.linalg.norm((softmax(z_s, T) - softmax(z_t, T)) / T)
ratio = soft_norm(5.0) / soft_norm(50.0)
assert 80 < ratio < 120                       # ~ (50/5)^2 = 100

# High-temperature limit: T^2-scaled gradient -> (z_s - z_t) / K for zero-mean logits.
zs0, zt0 = z_s - z_s.mean(), z_t - z_t.mean()
T = 1000.0
g_soft = T * (softmax(zs0, T) - softmax(zt0, T))
assert np.allclose(g_soft, (zs0 - zt0) / K, rtol=1e-2, atol=1e-4)

# "Dark knowledge": at T=4 the teacher's non-argmax classes carry visible probability mass.
p1, p4 = softmax(z_t, 1.0), softmax(z_t, 4.0)
print(f"teacher mass on wrong classes: T=1 {1 - p1.max():.3f}, T=4 {1 - p4.max():.3f}")
assert 1 - p4.max() > 2 * (1 - p1.max())
