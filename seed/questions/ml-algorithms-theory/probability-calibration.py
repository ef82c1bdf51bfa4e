"""Calibration: ECE of an over-confident model, fixed by Platt scaling and by isotonic regression (PAV)."""
import numpy as np

rng = np.random.default_rng(11)
sigmoid = lambda z: 1 / (1 + np.exp(-z))


def make(n):
    z = rng.normal(0, 1.5, n)
    y = (rng.uniform(size=n) < sigmoid(z)).astype(float)   # true P(y=1|z) = sigmoid(z)
    return 3 * z, y                                         # the model's logit is 3x too confident


def ece(p, y, bins=15):
    idx = np.minimum((p * bins).astype(int), bins - 1)      # equal-width bins
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.mean() * abs(y[m].mean() - p[m].mean())
    return total


def log_loss(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def platt_fit(s, y, iters=50):
    """fit P(y=1|s) = sigmoid(a s + b) by Newton's method (logistic regression on the score)"""
    X = np.column_stack([s, np.ones_like(s)])
    w = np.zeros(2)
    for _ in range(iters):
        p = sigmoid(X @ w)
        H = X.T @ (X * (p * (1 - p))[:, None])
        w -= np.linalg.solve(H, X.T @ (p - y))
    return w


def pav(y_sorted):
    """pool-adjacent-violators: the non-decreasing fit minimising squared error"""
    vals, wts = [], []
    for v in y_sorted:
        vals.append(v); wts.append(1.0)
        while len(vals) > 1 and vals[-2] > vals[-1]:
            w = wts[-2] + wts[-1]
            vals[-2] = (vals[-2] * wts[-2] + vals[-1] * wts[-1]) / w
            wts[-2] = w
            vals.pop(); wts.pop()
    return np.repeat(vals, np.array(wts, dtype=int))


s_cal, y_cal = make(20_000)        # held-out calibration split
s_te, y_te = make(20_000)          # test split
p_raw = sigmoid(s_te)

a, b = platt_fit(s_cal, y_cal)
p_platt = sigmoid(a * s_te + b)

order = np.argsort(s_cal)
fitted = pav(y_cal[order])
assert np.all(np.diff(fitted) >= -1e-12)                   # monotone
p_iso = np.interp(s_te, s_cal[order], fitted)               # piecewise-linear lookup between steps

for name, p in [("raw", p_raw), ("Platt", p_platt), ("isotonic", p_iso)]:
    print(f"{name:9s} ECE {ece(p, y_te):.4f}  log-loss {log_loss(p, y_te):.4f}")
print(f"Platt slope {a:.3f} (ideal 1/3 = 0.333), intercept {b:.3f}")

assert ece(p_raw, y_te) > 0.05
assert ece(p_platt, y_te) < 0.015 and ece(p_iso, y_te) < 0.015
assert log_loss(p_platt, y_te) < log_loss(p_raw, y_te)
assert abs(a - 1 / 3) < 0.03
# Platt is monotone, so the ranking (and ROC-AUC) is unchanged
assert np.array_equal(np.argsort(p_raw), np.argsort(p_platt))
print("ok")
