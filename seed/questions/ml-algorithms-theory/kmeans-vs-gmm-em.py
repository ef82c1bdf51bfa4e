"""EM for a 1-D Gaussian mixture: the log-likelihood never decreases, and hard assignments give k-means."""
import numpy as np

rng = np.random.default_rng(8)
x = np.concatenate([rng.normal(-2, 0.5, 300), rng.normal(1, 1.5, 700)])   # unequal sizes and spreads


def log_normal(x, mu, var):
    return -0.5 * (np.log(2 * np.pi * var) + (x - mu) ** 2 / var)


def em(x, pi, mu, var, iters=200):
    lls = []
    for _ in range(iters):
        # E-step: responsibilities r_ik = P(z = k | x_i)
        logp = np.log(pi) + log_normal(x[:, None], mu, var)          # (n, K)
        m = logp.max(1, keepdims=True)
        ll = (m[:, 0] + np.log(np.exp(logp - m).sum(1))).sum()      # log-sum-exp
        lls.append(ll)
        r = np.exp(logp - m)
        r /= r.sum(1, keepdims=True)
        # M-step: weighted MLEs
        nk = r.sum(0)
        pi = nk / len(x)
        mu = (r * x[:, None]).sum(0) / nk
        var = (r * (x[:, None] - mu) ** 2).sum(0) / nk
    return pi, mu, var, np.array(lls)


pi, mu, var, lls = em(x, np.array([0.5, 0.5]), np.array([-1.0, 0.5]), np.array([1.0, 1.0]))
print("weights", pi.round(3), "means", mu.round(3), "sds", np.sqrt(var).round(3))
assert np.all(np.diff(lls) > -1e-8)                       # EM monotonicity
assert np.allclose(pi, [0.3, 0.7], atol=0.05)
assert np.allclose(mu, [-2, 1], atol=0.2) and np.allclose(np.sqrt(var), [0.5, 1.5], atol=0.2)

# k-means on the same data: hard assignments, implicit equal spherical variances
c = np.array([-1.0, 0.5])
for _ in range(100):
    lab = np.abs(x[:, None] - c).argmin(1)
    c = np.array([x[lab == k].mean() for k in range(2)])
boundary_km = c.mean()                                      # k-means boundary: midpoint of centroids
# GMM boundary: where the two weighted densities are equal (search between the means)
grid = np.linspace(mu[0], mu[1], 100001)
diff = np.log(pi[0]) + log_normal(grid, mu[0], var[0]) - np.log(pi[1]) - log_normal(grid, mu[1], var[1])
boundary_gmm = grid[np.argmin(np.abs(diff))]
print(f"k-means centroids {c.round(3)}, boundary {boundary_km:.3f}; GMM boundary {boundary_gmm:.3f}")
# the wide, larger cluster claims more space under the GMM: its boundary sits closer to the narrow cluster
assert boundary_gmm < boundary_km

# with a shared, shrinking variance and equal weights, EM responsibilities become hard k-means assignments
r_soft = np.exp(log_normal(x[:, None], c, 1e-4) - log_normal(x[:, None], c, 1e-4).max(1, keepdims=True))
r_soft /= r_soft.sum(1, keepdims=True)
assert np.array_equal(r_soft.argmax(1), lab) and np.mean(r_soft.max(1) > 0.999) > 0.99
print("ok")
