"""Rolling-origin backtest of three simple forecasters with MAE, MAPE, sMAPE, WAPE and MASE,
plus the pitfalls: MAPE near zero, MAPE's pull toward under-forecasting, sMAPE's asymmetry."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
m, horizon = 7, 14                        # weekly seasonality, forecast two weeks ahead
days = pd.date_range("2024-01-01", periods=728, freq="D")
t = np.arange(len(days))
weekly = np.array([0.8, 0.9, 1.0, 1.0, 1.1, 1.4, 1.2])[t % 7]
y = pd.Series((100 + 0.05 * t) * weekly * rng.lognormal(0, 0.08, len(t)), index=days)


def mae(a, f): return np.mean(np.abs(a - f))
def mape(a, f): return 100 * np.mean(np.abs(a - f) / np.abs(a))
def smape(a, f): return 100 * np.mean(2 * np.abs(a - f) / (np.abs(a) + np.abs(f)))
def wape(a, f): return 100 * np.sum(np.abs(a - f)) / np.sum(np.abs(a))


def mase(a, f, train):
    scale = np.mean(np.abs(train[m:] - train[:-m]))   # in-sample seasonal-naive MAE
    return mae(a, f) / scale


def forecast(train, method):
    if method == "naive":                 # repeat the last value
        return np.repeat(train[-1], horizon)
    if method == "seasonal naive":        # repeat the last week
        return np.tile(train[-m:], horizon // m)
    if method == "4-week seasonal mean":  # mean of the same weekday over the last 4 weeks
        last4 = train[-4 * m:].reshape(4, m).mean(axis=0)
        return np.tile(last4, horizon // m)
    raise ValueError(method)


# Rolling origin, expanding window: train on [0, origin), test on [origin, origin+horizon)
origins = range(364, len(y) - horizon + 1, 28)
rows = []
for origin in origins:
    train, test = y.values[:origin], y.values[origin:origin + horizon]
    assert y.index[origin - 1] < y.index[origin]          # test strictly after training
    for method in ("naive", "seasonal naive", "4-week seasonal mean"):
        f = forecast(train, method)
        rows.append(dict(origin=y.index[origin].date(), method=method, MAE=mae(test, f),
                         MAPE=mape(test, f), sMAPE=smape(test, f), WAPE=wape(test, f),
                         MASE=mase(test, f, train)))
bt = pd.DataFrame(rows)
summary = bt.groupby("method")[["MAE", "MAPE", "sMAPE", "WAPE", "MASE"]].mean().round(3)
print(f"{len(origins)} origins x {horizon}-day horizon\n{summary}")
spread = bt.groupby("method")["MASE"].agg(["min", "max"]).round(2)
print("MASE range across origins:\n", spread)
per_origin = bt.pivot(index="origin", columns="method", values="MASE")
flips = int((per_origin["seasonal naive"] < per_origin["4-week seasonal mean"]).sum())
print(f"origins where a single split would have picked seasonal naive instead: {flips} of {len(per_origin)}")
assert 0 < flips < len(per_origin) / 2      # one split can pick the wrong model

assert summary.loc["4-week seasonal mean", "MASE"] < summary.loc["seasonal naive", "MASE"] \
    < summary.loc["naive", "MASE"]
# by construction the in-sample seasonal naive has MASE exactly 1
tr = y.values[:364]
assert np.isclose(mase(tr[m:], tr[:-m], tr), 1.0)

# Pitfall 1: MAPE explodes when actuals approach zero; MASE and WAPE stay sane
a = np.array([0.5, 20.0, 30.0, 25.0]); f = np.array([5.0, 22.0, 28.0, 24.0])
print(f"low-volume series: MAPE={mape(a, f):.0f}%  WAPE={wape(a, f):.0f}%")
assert mape(a, f) > 200 and wape(a, f) < 20

# Pitfall 2: the constant forecast that minimises MAPE sits below the median
sample = rng.lognormal(np.log(100), 0.5, 5000)
grid = np.linspace(40, 160, 1201)
best_mape = grid[np.argmin([mape(sample, c) for c in grid])]
best_mae = grid[np.argmin([mae(sample, c) for c in grid])]
print(f"best constant: MAE -> {best_mae:.1f} (median {np.median(sample):.1f}), MAPE -> {best_mape:.1f}")
assert abs(best_mae - np.median(sample)) < 1.5 and best_mape < 0.85 * np.median(sample)

# Pitfall 3: sMAPE is not symmetric in the error: same |error| 50, different scores
over, under = smape(np.array([100.0]), np.array([150.0])), smape(np.array([100.0]), np.array([50.0]))
print(f"sMAPE over-forecast by 50: {over:.1f}%, under-forecast by 50: {under:.1f}%")
assert np.isclose(over, 40.0) and np.isclose(under, 200 / 3)
assert np.isclose(smape(np.array([0.0]), np.array([3.0])), 200.0)   # any miss on a zero scores 200%
print("ok")
