"""Instrumental variables: an encouragement design with confounding, Wald = 2SLS = LATE, and weak-instrument bias."""
import numpy as np

rng = np.random.default_rng(0)


def simulate(n, push):
    """Z: randomized nudge. Types: always-takers, never-takers, compliers (share `push`). U confounds T and Y."""
    U = rng.normal(size=n)
    Z = rng.integers(0, 2, n)
    u = rng.random(n)
    always = u < 0.2 + 0.1 * (U > 0)                       # motivated users adopt anyway
    complier = (~always) & (u < 0.2 + 0.1 * (U > 0) + push)
    T = (always | (complier & (Z == 1))).astype(float)
    effect = np.where(complier, 2.0, np.where(always, 4.0, 1.0))   # heterogeneous effects by type
    Y = 1.0 + effect * T + 3.0 * U + rng.normal(size=n)
    late = effect[complier].mean() if complier.any() else np.nan
    return Y, T, Z.astype(float), late


def tsls(Y, T, Z, extra=None):
    """2SLS with an intercept: first stage T ~ Z (+ extra instruments), second stage Y ~ T_hat."""
    Zm = np.column_stack([np.ones_like(Z), Z] + ([] if extra is None else [extra]))
    T_hat = Zm @ np.linalg.lstsq(Zm, T, rcond=None)[0]
    beta = np.linalg.lstsq(np.column_stack([np.ones_like(T_hat), T_hat]), Y, rcond=None)[0]
    return beta[1]


def first_stage_F(T, Z):
    n = len(T); b = np.polyfit(Z, T, 1); resid = T - np.polyval(b, Z)
    se = np.sqrt(resid.var(ddof=2) / (n * Z.var()))
    return (b[0] / se) ** 2


Y, T, Z, late = simulate(200_000, push=0.4)
ols = np.polyfit(T, Y, 1)[0]
itt = Y[Z == 1].mean() - Y[Z == 0].mean()
first = T[Z == 1].mean() - T[Z == 0].mean()
wald = itt / first
print(f"naive OLS of Y on T: {ols:.3f}   (confounded by U)")
print(f"ITT {itt:.3f} / first stage {first:.3f} = Wald {wald:.3f};  2SLS {tsls(Y, T, Z):.3f};  true LATE {late:.3f}")
assert np.isclose(wald, tsls(Y, T, Z))           # with one binary instrument, 2SLS is the Wald ratio
assert abs(wald - late) < 0.1                     # IV recovers the effect on *compliers* (2.0) ...
assert abs(ols - late) > 1.0                      # ... which OLS misses badly
# ... and not the average effect over everyone (always-takers have effect 4, never-takers 1)

# Weak instrument: tiny complier share. The just-identified 2SLS becomes wildly dispersed; with many weak
# instruments (here the weak nudge plus 20 irrelevant ones) 2SLS is also biased toward the confounded OLS.
strong, weak, many, ols_w, Fs = [], [], [], [], []
for _ in range(400):
    Y, T, Z, _ = simulate(2_000, push=0.4); strong.append(tsls(Y, T, Z))
    Y, T, Z, _ = simulate(2_000, push=0.03); weak.append(tsls(Y, T, Z)); Fs.append(first_stage_F(T, Z))
    many.append(tsls(Y, T, Z, extra=rng.integers(0, 2, (2_000, 20)).astype(float)))
    ols_w.append(np.polyfit(T, Y, 1)[0])
strong, weak, many = np.array(strong), np.array(weak), np.array(many)
print(f"strong instrument: median {np.median(strong):.2f}, IQR {np.subtract(*np.percentile(strong, [75, 25])):.2f}")
print(f"weak instrument:   median {np.median(weak):.2f}, IQR {np.subtract(*np.percentile(weak, [75, 25])):.2f}, "
      f"median first-stage F {np.median(Fs):.1f}")
assert abs(np.median(strong) - 2.0) < 0.2
assert np.median(Fs) < 10                                            # the rule-of-thumb alarm
assert np.subtract(*np.percentile(weak, [75, 25])) > 5 * np.subtract(*np.percentile(strong, [75, 25]))
print(f"weak + 20 irrelevant instruments: median {np.median(many):.2f}  (OLS median {np.median(ols_w):.2f})")
assert np.median(many) > np.median(strong) + 0.5                     # pulled toward the confounded OLS value
