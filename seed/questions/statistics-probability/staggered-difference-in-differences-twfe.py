"""Staggered adoption: two-way fixed effects is biased when effects grow over time; clean 2x2 comparisons are not."""
import numpy as np

rng = np.random.default_rng(0)
T = 16
cohorts = {4: 200, 10: 200, None: 200}             # adoption period -> number of units (None = never treated)


def panel(dynamic):
    rows = []
    uid = 0
    for g, size in cohorts.items():
        for _ in range(size):
            alpha = rng.normal(0, 2)                       # unit fixed effect
            for t in range(T):
                treated = g is not None and t >= g
                eff = (1.0 + 0.5 * (t - g) if dynamic else 2.0) if treated else 0.0
                y = alpha + 0.3 * t + eff + rng.normal(0, 0.5)     # common time trend
                rows.append((uid, t, -1 if g is None else g, int(treated), eff, y))
            uid += 1
    return np.array(rows)


def twfe(d):
    """OLS of y on D with unit and time dummies (the 'standard' staggered DiD regression)."""
    units, times = d[:, 0].astype(int), d[:, 1].astype(int)
    X = np.column_stack([d[:, 3], np.eye(units.max() + 1)[units], np.eye(T)[times][:, 1:]])
    return np.linalg.lstsq(X, d[:, 5], rcond=None)[0][0]


def clean_att(d):
    """Callaway-Sant'Anna style: ATT(g,t) = (y_g,t - y_g,g-1) - (y_never,t - y_never,g-1), averaged over treated cells."""
    g_col, t_col, y = d[:, 2], d[:, 1], d[:, 5]
    mean = lambda g, t: y[(g_col == g) & (t_col == t)].mean()
    atts, weights = [], []
    for g in (k for k in cohorts if k is not None):
        for t in range(g, T):
            atts.append((mean(g, t) - mean(g, g - 1)) - (mean(-1, t) - mean(-1, g - 1)))
            weights.append(cohorts[g])
    return np.average(atts, weights=weights)


for dynamic in (False, True):
    d = panel(dynamic)
    truth = d[d[:, 3] == 1, 4].mean()                  # average effect over treated unit-periods
    b_twfe, b_clean = twfe(d), clean_att(d)
    print(f"{'growing' if dynamic else 'constant'} effects: true ATT {truth:.3f}, TWFE {b_twfe:.3f}, clean 2x2 {b_clean:.3f}")
    assert abs(b_clean - truth) < 0.1
    if dynamic:
        assert b_twfe < truth - 1.0                    # TWFE badly understates growing effects
    else:
        assert abs(b_twfe - truth) < 0.1               # with a constant effect TWFE is fine

# why: the 'forbidden' comparison uses early adopters as controls for late adopters while the early
# adopters' effect is still growing, so their rising outcomes are subtracted from the late cohort's jump
d = panel(True)
early, late = d[d[:, 2] == 4], d[d[:, 2] == 10]
m = lambda x, lo, hi: x[(x[:, 1] >= lo) & (x[:, 1] < hi), 5].mean()
forbidden = (m(late, 10, T) - m(late, 4, 10)) - (m(early, 10, T) - m(early, 4, 10))
true_late = late[late[:, 3] == 1, 4].mean()
print(f"late-vs-early 2x2 (already-treated as controls): {forbidden:.3f} vs true late-cohort effect {true_late:.3f}")
assert forbidden < 0 < true_late                     # the sign flips
