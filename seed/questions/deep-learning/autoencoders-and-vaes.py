"""VAE ingredients in numpy: the Gaussian KL in closed form, the ELBO <= log p(x) with the gap
equal to KL(q || posterior) on a model where everything is tractable, and the reparameterization
gradient vs the score-function (REINFORCE) gradient."""
import numpy as np

rng = np.random.default_rng(0)


def kl_diag_gauss_to_std_normal(mu, log_var):
    """KL(N(mu, diag(exp(log_var))) || N(0, I)) = 0.5 * sum(mu^2 + var - log_var - 1)."""
    return 0.5 * np.sum(mu ** 2 + np.exp(log_var) - log_var - 1)


mu, log_var = np.array([0.5, -1.0, 2.0]), np.array([0.1, -0.5, 0.3])
z = mu + np.exp(0.5 * log_var) * rng.normal(size=(400_000, 3))
log_q = -0.5 * np.sum((z - mu) ** 2 / np.exp(log_var) + log_var + np.log(2 * np.pi), axis=1)
log_p = -0.5 * np.sum(z ** 2 + np.log(2 * np.pi), axis=1)
assert np.isclose(np.mean(log_q - log_p), kl_diag_gauss_to_std_normal(mu, log_var), atol=0.02)

# Linear-Gaussian "VAE": p(z) = N(0,1), p(x|z) = N(w z, s^2)  =>  p(x) = N(0, w^2 + s^2),
# exact posterior p(z|x) = N(w x / (w^2 + s^2), s^2 / (w^2 + s^2)).
w, s, x = 2.0, 0.5, 1.3
log_px = -0.5 * (np.log(2 * np.pi * (w ** 2 + s ** 2)) + x ** 2 / (w ** 2 + s ** 2))
post_m, post_v = w * x / (w ** 2 + s ** 2), s ** 2 / (w ** 2 + s ** 2)


def elbo(m, v):
    """E_q[log p(x|z)] - KL(q || p(z)), in closed form for q = N(m, v)."""
    recon = -0.5 * (np.log(2 * np.pi * s ** 2) + ((x - w * m) ** 2 + w ** 2 * v) / s ** 2)
    return recon - kl_diag_gauss_to_std_normal(np.array([m]), np.log(np.array([v])))


def kl_gauss(m1, v1, m2, v2):
    return 0.5 * (np.log(v2 / v1) + (v1 + (m1 - m2) ** 2) / v2 - 1)


assert np.isclose(elbo(post_m, post_v), log_px)                    # tight at the true posterior
for m, v in [(0.0, 1.0), (0.3, 0.01), (1.0, 0.2)]:
    gap = log_px - elbo(m, v)
    assert gap > 0 and np.isclose(gap, kl_gauss(m, v, post_m, post_v))   # gap = KL(q || p(z|x))

# Gradient of E_{z~N(mu, sigma^2)}[z^2] = mu^2 + sigma^2 w.r.t. mu is 2 mu (exactly).
mu0, sigma0, S = 1.5, 0.8, 200_000
eps = rng.normal(size=S)
z = mu0 + sigma0 * eps                                 # reparameterization: z = mu + sigma * eps
g_reparam = 2 * z                                      # d f(z)/d mu through z
g_score = z ** 2 * (z - mu0) / sigma0 ** 2             # f(z) * d log q(z)/d mu
print(f"true 3.0 | reparam {g_reparam.mean():.3f} (sd {g_reparam.std():.2f}) | "
      f"score function {g_score.mean():.3f} (sd {g_score.std():.2f})")
assert abs(g_reparam.mean() - 2 * mu0) < 0.02 and abs(g_score.mean() - 2 * mu0) < 0.07
assert g_score.std() > 3 * g_reparam.std()            # both unbiased; reparam has far less variance
assert np.isclose(np.mean(2 * z * eps), 2 * sigma0, atol=0.05)   # d/d sigma = 2 sigma as well
