"""Bayesian A/B test with Beta-Binomial: P(B > A), expected loss, credible vs confidence interval."""
from math import erf, sqrt

import numpy as np

rng = np.random.default_rng(17)

# data: conversions / users
ca, na = 480, 10_000
cb, nb = 540, 10_000

# flat Beta(1, 1) priors -> Beta posteriors
draws = 400_000
pa = rng.beta(1 + ca, 1 + na - ca, draws)
pb = rng.beta(1 + cb, 1 + nb - cb, draws)
p_b_better = np.mean(pb > pa)
lift = pb - pa
cred = np.percentile(lift, [2.5, 97.5])
loss_choose_b = np.mean(np.maximum(pa - pb, 0))     # expected conversion lost if B is worse

# frequentist counterpart: Wald interval and one-sided p-value
ra, rb = ca / na, cb / nb
se = sqrt(ra * (1 - ra) / na + rb * (1 - rb) / nb)
wald = (rb - ra - 1.96 * se, rb - ra + 1.96 * se)
z = (rb - ra) / se
print(f"P(B>A)={p_b_better:.4f}  95% credible={np.round(cred, 5)}  Wald={np.round(wald, 5)}  z={z:.3f}")
print(f"expected loss of shipping B={loss_choose_b:.6f}")

# with a flat prior and this much data, credible ~ confidence interval
assert np.allclose(cred, wald, atol=4e-4)
# P(B > A) under a flat prior ~ 1 - one-sided p-value: Phi(z)
phi_z = 0.5 * (1 + erf(z / sqrt(2)))
assert abs(p_b_better - phi_z) < 0.01
assert 0.97 < p_b_better < 0.98

# exact check of P(B > A) by numerical integration over a grid of the two Beta densities
grid = np.linspace(0.03, 0.07, 4001)
def beta_pdf(x, a, b):
    logp = (a - 1) * np.log(x) + (b - 1) * np.log1p(-x)
    w = np.exp(logp - logp.max())
    return w / np.trapz(w, x)
fa, fb = beta_pdf(grid, 1 + ca, 1 + na - ca), beta_pdf(grid, 1 + cb, 1 + nb - cb)
cdf_a = np.cumsum(fa) * (grid[1] - grid[0])
exact = np.trapz(fb * cdf_a, grid)
assert abs(exact - p_b_better) < 0.005

# an informative prior (centred on 5%, worth 2,000 users per arm) shrinks the lift toward 0
prior_a, prior_b = 100, 1900
pa2 = rng.beta(prior_a + ca, prior_b + na - ca, draws)
pb2 = rng.beta(prior_a + cb, prior_b + nb - cb, draws)
assert abs(np.mean(pb2 - pa2)) < abs(np.mean(lift))
print(f"posterior mean lift: flat={lift.mean():.5f}, informative={np.mean(pb2 - pa2):.5f}")
