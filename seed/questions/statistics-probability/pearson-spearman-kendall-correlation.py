"""Pearson vs Spearman vs Kendall from scratch, checked against pandas, with an outlier and a monotone curve."""
from itertools import combinations

import numpy as np
import pandas as pd

rng = np.random.default_rng(37)


def pearson(x, y):
    xc, yc = x - x.mean(), y - y.mean()
    return (xc @ yc) / np.sqrt((xc @ xc) * (yc @ yc))


def ranks(v):
    return pd.Series(v).rank().to_numpy()      # average ranks for ties


def spearman(x, y):
    return pearson(ranks(x), ranks(y))


def kendall_tau_a(x, y):
    s = sum(np.sign(x[i] - x[j]) * np.sign(y[i] - y[j]) for i, j in combinations(range(len(x)), 2))
    n = len(x)
    return s / (n * (n - 1) / 2)


# 1) monotone but nonlinear: y = exp(x)
x = rng.uniform(0, 5, 60)
y = np.exp(x)
p, s, k = pearson(x, y), spearman(x, y), kendall_tau_a(x, y)
print(f"exp curve: pearson={p:.3f} spearman={s:.3f} kendall={k:.3f}")
assert p < 0.9 and np.isclose(s, 1.0) and np.isclose(k, 1.0)

# 2) one outlier destroys Pearson, barely moves the rank measures
x2 = rng.normal(size=50)
y2 = x2 + rng.normal(0, 0.5, 50)
before = (pearson(x2, y2), spearman(x2, y2), kendall_tau_a(x2, y2))
x2o, y2o = np.append(x2, 10.0), np.append(y2, -10.0)
after = (pearson(x2o, y2o), spearman(x2o, y2o), kendall_tau_a(x2o, y2o))
print("before outlier:", np.round(before, 3), "after:", np.round(after, 3))
assert before[0] > 0.8 and after[0] < 0.3
assert after[1] > 0.7 and after[2] > 0.5

# 3) agreement with pandas (no ties here, so tau-a = tau-b)
df = pd.DataFrame({"x": x2o, "y": y2o})
assert np.isclose(df.x.corr(df.y, method="pearson"), after[0])
assert np.isclose(df.x.corr(df.y, method="spearman"), after[1])
assert np.isclose(df.x.corr(df.y, method="kendall"), after[2])

# 4) bivariate normal: Spearman = (6/pi) asin(r/2), Kendall = (2/pi) asin(r)
r = 0.6
z = rng.multivariate_normal([0, 0], [[1, r], [r, 1]], size=4000)
assert abs(spearman(z[:, 0], z[:, 1]) - 6 / np.pi * np.arcsin(r / 2)) < 0.02
tau = pd.Series(z[:1500, 0]).corr(pd.Series(z[:1500, 1]), method="kendall")
assert abs(tau - 2 / np.pi * np.arcsin(r)) < 0.03

# 5) zero correlation does not mean independence: y = x^2 on a symmetric x
xs = np.linspace(-1, 1, 201)
assert abs(pearson(xs, xs**2)) < 1e-9 and abs(spearman(xs, xs**2)) < 1e-2
