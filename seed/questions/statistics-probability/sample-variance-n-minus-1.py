"""Bias and MSE of variance estimators, bias of s, and unbiased-but-inconsistent estimators."""
from math import gamma, sqrt

import numpy as np
import pandas as pd

rng = np.random.default_rng(4)
sigma2, n, reps = 1.0, 5, 200_000
x = rng.normal(0, sqrt(sigma2), size=(reps, n))
ss = ((x - x.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)

est = {c: ss / c for c in (n - 1, n, n + 1)}
bias = {c: e.mean() - sigma2 for c, e in est.items()}
mse = {c: np.mean((e - sigma2) ** 2) for c, e in est.items()}
print("bias:", {c: round(b, 4) for c, b in bias.items()})
print("MSE: ", {c: round(m, 4) for c, m in mse.items()})
assert abs(bias[n - 1]) < 0.01                       # unbiased
assert abs(bias[n] - (-sigma2 / n)) < 0.01           # MLE biased by -sigma^2/n
# closed-form MSE for normal data: 2/(n-1), (2n-1)/n^2, 2/(n+1)
assert abs(mse[n - 1] - 2 / (n - 1)) < 0.02
assert abs(mse[n] - (2 * n - 1) / n**2) < 0.01
assert abs(mse[n + 1] - 2 / (n + 1)) < 0.01
assert mse[n + 1] < mse[n] < mse[n - 1]              # lowest MSE at divisor n+1

# s is biased for sigma: E[s] = c4(n) sigma
c4 = sqrt(2 / (n - 1)) * gamma(n / 2) / gamma((n - 1) / 2)
s_mean = np.sqrt(est[n - 1]).mean()
print(f"E[s]={s_mean:.4f} c4(5)={c4:.4f}")
assert abs(c4 - 0.9400) < 1e-4 and abs(s_mean - c4) < 0.005

# the 2, 4, 6 example and library defaults
d = np.array([2.0, 4.0, 6.0])
assert np.var(d) == 8 / 3 and pd.Series(d).var() == 4.0       # numpy ddof=0, pandas ddof=1

# unbiased but inconsistent: X_1 does not concentrate, the mean does
big = rng.normal(3.0, 1.0, size=(2000, 10_000))
assert abs(big[:, 0].mean() - 3) < 0.1 and abs(big[:, 0].std() - 1) < 0.05
assert big.mean(axis=1).std() < 0.02
