"""Variance of sums: the covariance term, paired vs unpaired designs, correlated averages and a product."""
import numpy as np

rng = np.random.default_rng(29)
N = 1_000_000

# 1) Var(X + Y) and Var(X - Y) with Var X = 4, Var Y = 9, corr 0.5 -> Cov = 3
cov = np.array([[4.0, 3.0], [3.0, 9.0]])
x, y = rng.multivariate_normal([0, 0], cov, size=N).T
print(f"Var(X+Y)={np.var(x + y):.2f} (19)  Var(X-Y)={np.var(x - y):.2f} (7)")
assert abs(np.var(x + y) - 19) < 0.1 and abs(np.var(x - y) - 7) < 0.05
a = np.array([1.0, 1.0])
assert a @ cov @ a == 19 and np.array([1.0, -1.0]) @ cov @ np.array([1.0, -1.0]) == 7

# 2) paired vs unpaired: SD 10, corr 0.8 between before and after -> 40 vs 200 per unit
before, after = rng.multivariate_normal([50, 52], [[100, 80], [80, 100]], size=N).T
other = rng.normal(52, 10, N)                      # an independent group instead
print(f"Var(after - before)={np.var(after - before):.1f} (40)  unpaired={np.var(other - before):.1f} (200)")
assert abs(np.var(after - before) - 40) < 0.5 and abs(np.var(other - before) - 200) < 2

# the same effect, 100 units, many repetitions: the paired estimate has 5x less variance
reps, n = 20_000, 100
b = rng.multivariate_normal([50, 52], [[100, 80], [80, 100]], size=(reps, n))
paired = (b[:, :, 1] - b[:, :, 0]).mean(axis=1)
unpaired = rng.normal(52, 10, (reps, n)).mean(axis=1) - b[:, :, 0].mean(axis=1)
ratio = unpaired.var() / paired.var()
print(f"variance ratio unpaired/paired={ratio:.2f} (5)")
assert abs(ratio - 5) < 0.3

# 3) equicorrelated average: Var = rho sigma^2 + (1 - rho) sigma^2 / n -> does not vanish
def equicorrelated_mean_var(rho, n, reps=200_000):
    common = rng.normal(size=(reps, 1)) * np.sqrt(rho)
    own = rng.normal(size=(reps, n)) * np.sqrt(1 - rho)
    return (common + own).mean(axis=1).var()

for n_models in (10, 100):
    v = equicorrelated_mean_var(0.3, n_models)
    assert abs(v - (0.3 + 0.7 / n_models)) < 0.01, n_models
assert np.isclose(0.3 + 0.7 / 100, 0.307) and np.isclose(0.3 + 0.7 / 1000, 0.3007)

# 4) portfolio: two assets, volatility 20%, corr 0.2, equal weights -> 15.5%
w = np.array([0.5, 0.5])
sigma = np.array([[0.04, 0.2 * 0.04], [0.2 * 0.04, 0.04]])
vol = np.sqrt(w @ sigma @ w)
assert np.isclose(w @ sigma @ w, 0.024) and abs(vol - 0.155) < 0.001

# 5) uncorrelated but dependent: X ~ N(0,1), Y = X^2
z = rng.normal(size=N)
assert abs(np.cov(z, z**2)[0, 1]) < 0.01

# 6) product of independent variables: Var(XY) = sx^2 sy^2 + mx^2 sy^2 + my^2 sx^2
u, v = rng.normal(3, 2, N), rng.normal(-1, 0.5, N)
theory = 4 * 0.25 + 9 * 0.25 + 1 * 4
print(f"Var(XY)={np.var(u * v):.3f} (theory {theory})")
assert abs(np.var(u * v) / theory - 1) < 0.02
