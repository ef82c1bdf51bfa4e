"""Stationarity tests from scratch: ADF and KPSS, differencing, over-differencing,
the Dickey-Fuller null distribution, and spurious regression between random walks."""
import numpy as np

rng = np.random.default_rng(0)


def adf_tstat(y, lags=1):
    """t-statistic of gamma in  dy_t = a + gamma*y_{t-1} + sum_i phi_i*dy_{t-i} + e_t."""
    dy = np.diff(y)
    n = len(dy) - lags
    cols = [np.ones(n), y[lags:-1]]                      # constant, y_{t-1}
    cols += [dy[lags - i:len(dy) - i] for i in range(1, lags + 1)]   # lagged differences
    X = np.column_stack(cols)
    target = dy[lags:]
    beta, *_ = np.linalg.lstsq(X, target, rcond=None)
    resid = target - X @ beta
    s2 = resid @ resid / (n - X.shape[1])
    se = np.sqrt(s2 * np.linalg.inv(X.T @ X)[1, 1])
    return beta[1] / se


def kpss_stat(y):
    """Level-stationarity KPSS: partial sums of demeaned series, Newey-West long-run variance."""
    n = len(y)
    e = y - y.mean()
    S = np.cumsum(e)
    lag = int(np.ceil(12 * (n / 100) ** 0.25))            # Schwert's rule
    lrv = e @ e / n
    for k in range(1, lag + 1):
        w = 1 - k / (lag + 1)                             # Bartlett kernel
        lrv += 2 * w * (e[k:] @ e[:-k]) / n
    return (S @ S) / (n**2 * lrv)


ADF_CRIT_5 = -2.86    # MacKinnon asymptotic 5% value, constant and no trend
KPSS_CRIT_5 = 0.463   # Kwiatkowski et al. (1992) 5% value, level stationarity

n = 500
eps = rng.normal(size=n)
walk = np.cumsum(eps)                                   # unit root: y_t = y_{t-1} + e_t
ar1 = np.zeros(n)
for t in range(1, n):
    ar1[t] = 0.5 * ar1[t - 1] + eps[t]                  # stationary AR(1), phi = 0.5
diffed = np.diff(walk)                                  # first difference of the walk

rows = {"random walk": walk, "AR(1) phi=0.5": ar1, "diff(random walk)": diffed}
res = {}
for name, y in rows.items():
    a, k = adf_tstat(y), kpss_stat(y)
    res[name] = (a, k)
    print(f"{name:18s} ADF t={a:7.2f} (reject unit root: {a < ADF_CRIT_5})  "
          f"KPSS={k:6.3f} (reject stationarity: {k > KPSS_CRIT_5})")

# The two tests have opposite nulls; on clear cases they agree
assert res["random walk"][0] > ADF_CRIT_5 and res["random walk"][1] > KPSS_CRIT_5
assert res["AR(1) phi=0.5"][0] < ADF_CRIT_5 and res["AR(1) phi=0.5"][1] < KPSS_CRIT_5
assert res["diff(random walk)"][0] < ADF_CRIT_5 and res["diff(random walk)"][1] < KPSS_CRIT_5

# Under the unit-root null the t-statistic is NOT Student-t: simulate its 5% quantile
reps, T = 4000, 250
walks = np.cumsum(rng.normal(size=(reps, T)), axis=1)
ylag, dy = walks[:, :-1], np.diff(walks, axis=1)
yc = ylag - ylag.mean(axis=1, keepdims=True)            # regression with a constant
dc = dy - dy.mean(axis=1, keepdims=True)
g = (yc * dc).sum(1) / (yc**2).sum(1)
resid = dc - g[:, None] * yc
se = np.sqrt((resid**2).sum(1) / (T - 1 - 2) / (yc**2).sum(1))
df_q05 = np.quantile(g / se, 0.05)
print(f"simulated 5% quantile of the Dickey-Fuller t under a unit root: {df_q05:.2f} (normal: -1.645)")
assert -3.0 < df_q05 < -2.7        # close to MacKinnon's -2.87 for T=250, far from -1.645

# Over-differencing: differencing white noise creates an MA(1) with lag-1 autocorrelation -0.5
wn = rng.normal(size=20000)
d = np.diff(wn)
acf1 = np.corrcoef(d[1:], d[:-1])[0, 1]
print(f"lag-1 autocorrelation of diff(white noise): {acf1:.3f} (theory -0.5)")
assert abs(acf1 + 0.5) < 0.02

# Spurious regression: two INDEPENDENT random walks look 'significantly' related
x_w = np.cumsum(rng.normal(size=(1000, 200)), axis=1)
y_w = np.cumsum(rng.normal(size=(1000, 200)), axis=1)
xc = x_w - x_w.mean(1, keepdims=True)
yc2 = y_w - y_w.mean(1, keepdims=True)
b = (xc * yc2).sum(1) / (xc**2).sum(1)
r = yc2 - b[:, None] * xc
t_slope = b / np.sqrt((r**2).sum(1) / (200 - 2) / (xc**2).sum(1))
false_pos = np.mean(np.abs(t_slope) > 1.96)
# same regression on the differences behaves like a proper 5% test
dx, dyy = np.diff(x_w, axis=1), np.diff(y_w, axis=1)
dxc, dyc = dx - dx.mean(1, keepdims=True), dyy - dyy.mean(1, keepdims=True)
b2 = (dxc * dyc).sum(1) / (dxc**2).sum(1)
r2 = dyc - b2[:, None] * dxc
t2 = b2 / np.sqrt((r2**2).sum(1) / (199 - 2) / (dxc**2).sum(1))
false_pos_diff = np.mean(np.abs(t2) > 1.96)
print(f"|t|>1.96 between independent walks: levels {false_pos:.1%}, differences {false_pos_diff:.1%}")
assert false_pos > 0.5 and false_pos_diff < 0.08
print("ok")
