"""Gradient descent variants on problems where the answer is known in closed form."""
import numpy as np

rng = np.random.default_rng(2)

# --- 1) Mini-batch gradient noise: variance of the batch gradient falls as 1/B -------------
n, d = 10_000, 5
X = rng.normal(size=(n, d))
y = X @ rng.normal(size=d) + rng.normal(0, 1, n)
w = np.zeros(d)
per_sample = X * (X @ w - y)[:, None]          # gradient of 0.5*(x'w - y)^2 for every sample
full = per_sample.mean(0)
sigma2 = per_sample.var(0).sum()                # total per-sample gradient variance
for B in (1, 16, 256):
    idx = rng.integers(0, n, size=(4000, B))    # batches drawn with replacement
    g = per_sample[idx].mean(1)
    emp = ((g - full) ** 2).sum(1).mean()
    print(f"B={B:4d}: E||g_B - g||^2 = {emp:.4f}, sigma^2/B = {sigma2 / B:.4f}")
    assert abs(emp / (sigma2 / B) - 1) < 0.08

# --- 2) Ill-conditioned quadratic f(w) = 0.5 w'Aw, condition number kappa = 100 ------------
A = np.diag([1.0, 100.0])
mu, L = 1.0, 100.0
w0 = np.array([1.0, 1.0])


def iters_to(tol, step):
    w, v = w0.copy(), np.zeros(2)
    for k in range(1, 100_000):
        w, v = step(w, v)
        if np.linalg.norm(w) < tol:
            return k
    return None


lr_gd = 2 / (L + mu)                             # optimal constant step for plain GD
gd = lambda w, v: (w - lr_gd * (A @ w), v)
sk = np.sqrt(L / mu)
lr_hb = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2      # Polyak heavy-ball optimal parameters
beta = ((sk - 1) / (sk + 1)) ** 2
def heavy_ball(w, v):
    v = beta * v - lr_hb * (A @ w)
    return w + v, v

k_gd, k_hb = iters_to(1e-6, gd), iters_to(1e-6, heavy_ball)
print(f"iterations to ||w|| < 1e-6: GD {k_gd}, momentum {k_hb}")
# theory: GD contracts by (kappa-1)/(kappa+1) = 0.980 per step, momentum by about (sqrt(kappa)-1)/(sqrt(kappa)+1) = 0.818
assert abs(k_gd - np.log(1e-6 / np.sqrt(2)) / np.log(99 / 101)) < 3
assert k_hb < k_gd / 5

# --- 3) Adam's first step is lr * sign(gradient) in every coordinate, whatever its scale ------
lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
scales = np.array([1e-4, 1.0, 1e4])
wa = np.ones(3)
g = scales * wa                                  # gradient of 0.5 * sum(scales * w^2)
m = (1 - b1) * g
v = (1 - b2) * g ** 2
m_hat, v_hat = m / (1 - b1), v / (1 - b2)        # bias correction at t = 1
step = lr * m_hat / (np.sqrt(v_hat) + eps)
print("Adam first step per coordinate:", step)
assert np.allclose(step, lr, rtol=1e-3)          # plain GD would move them by lr*1e-4 ... lr*1e4
print("ok")
