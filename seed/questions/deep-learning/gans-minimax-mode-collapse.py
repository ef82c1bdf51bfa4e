"""GAN theory checked numerically on discrete distributions: the optimal discriminator, the value
V(D*, G) = -log 4 + 2 JSD(p_data || p_g), and why the non-saturating generator loss is used."""
import numpy as np

rng = np.random.default_rng(0)
K = 10
p_data = rng.dirichlet(np.ones(K))
p_g = rng.dirichlet(np.ones(K))


def value(D, p_d, p_gen):
    """V(D, G) = E_data[log D(x)] + E_g[log(1 - D(x))]"""
    return np.sum(p_d * np.log(D)) + np.sum(p_gen * np.log(1 - D))


def jsd(p, q):
    m = (p + q) / 2
    kl = lambda a, b: np.sum(a * np.log(a / b))
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


D_star = p_data / (p_data + p_g)
# D* maximizes V pointwise: random discriminators never beat it.
for _ in range(1000):
    D = np.clip(D_star + rng.normal(scale=0.05, size=K), 1e-6, 1 - 1e-6)
    assert value(D, p_data, p_g) <= value(D_star, p_data, p_g) + 1e-12
assert np.isclose(value(D_star, p_data, p_g), -np.log(4) + 2 * jsd(p_data, p_g))
# At the global optimum p_g = p_data: D* = 1/2 everywhere and V = -log 4.
assert np.allclose(p_data / (2 * p_data), 0.5)
assert np.isclose(value(np.full(K, 0.5), p_data, p_data), -np.log(4))

# JSD saturates at log 2 when supports do not overlap: no useful signal about how far apart they are.
a = np.array([0.5, 0.5, 0, 0, 0, 0]) + 1e-300
b_near = np.array([0, 0, 0.5, 0.5, 0, 0]) + 1e-300
b_far = np.array([0, 0, 0, 0, 0.5, 0.5]) + 1e-300
assert np.isclose(jsd(a, b_near), np.log(2)) and np.isclose(jsd(a, b_far), np.log(2))

# Generator gradients w.r.t. the discriminator logit a on a fake sample, D = sigmoid(a).
sig = lambda t: 1 / (1 + np.exp(-t))
a_logit = -6.0                          # early training: D confidently rejects the fake (D ~ 0.0025)
g_saturating = -sig(a_logit)            # d/da of log(1 - D): the generator *minimizes* this
g_non_sat = -(1 - sig(a_logit))         # d/da of -log D: the generator minimizes this
print(f"D(G(z)) = {sig(a_logit):.4f}; |grad| saturating {abs(g_saturating):.4f}, "
      f"non-saturating {abs(g_non_sat):.4f}")
assert abs(g_non_sat) > 300 * abs(g_saturating)
