"""Difference-in-differences: 2x2 means, regression with an interaction, pre-trend check, and a violated trend."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(61)
EFFECT = 3.0


def panel(n_regions=40, weeks=12, launch=8, treated_extra_trend=0.0):
    rows = []
    for r in range(n_regions):
        treated = r < n_regions // 2
        level = rng.normal(100 if treated else 80, 5)          # groups differ in level: allowed
        for w in range(weeks):
            trend = 0.5 * w + (treated_extra_trend * w if treated else 0.0)
            post = w >= launch
            y = level + trend + EFFECT * (treated and post) + rng.normal(0, 0.5)
            rows.append((r, w, int(treated), int(post), y))
    return pd.DataFrame(rows, columns=["region", "week", "treated", "post", "y"])


def did_means(df):
    m = df.groupby(["treated", "post"]).y.mean()
    return (m[1, 1] - m[1, 0]) - (m[0, 1] - m[0, 0])


def did_ols(df):
    X = np.column_stack([np.ones(len(df)), df.treated, df.post, df.treated * df.post])
    beta = np.linalg.lstsq(X, df.y.to_numpy(), rcond=None)[0]
    return beta[3]


df = panel()
est_means, est_ols = did_means(df), did_ols(df)
naive_post = df[df.post == 1].groupby("treated").y.mean().diff().iloc[-1]
print(f"DiD means={est_means:.3f} OLS interaction={est_ols:.3f} naive post-period gap={naive_post:.2f}")
assert np.isclose(est_means, est_ols)          # the 2x2 DiD is the interaction coefficient
assert abs(est_means - EFFECT) < 0.3
assert naive_post > 15                          # level difference contaminates the naive comparison

# pre-trend (placebo) check: pretend the launch happened at week 4, using pre-period data only
pre = df[df.week < 8].copy()
pre["post"] = (pre.week >= 4).astype(int)
placebo = did_means(pre)
print(f"placebo DiD in the pre-period={placebo:.3f}")
assert abs(placebo) < 0.4             # SE of this placebo ~0.11

# violated parallel trends: treated regions grow 0.4/week faster -> DiD is biased
bad = panel(treated_extra_trend=0.4)
biased = did_means(bad)
pre_bad = bad[bad.week < 8].copy()
pre_bad["post"] = (pre_bad.week >= 4).astype(int)
print(f"with diverging trends: DiD={biased:.2f} (true {EFFECT}), placebo={did_means(pre_bad):.2f}")
# extra trend 0.4 x (mean post week 9.5 - mean pre week 3.5) = 2.4 of bias
assert abs(biased - (EFFECT + 0.4 * 6)) < 0.3
assert did_means(pre_bad) > 1.0                 # the placebo test flags it
