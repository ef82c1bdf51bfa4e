"""Group fairness metrics on a perfectly calibrated score: demographic parity, equalised odds,
calibration within groups, Chouldechova's identity, and what per-group thresholds trade away."""
import numpy as np

rng = np.random.default_rng(0)
n = 100_000
# True risk per person; group B has a higher base rate. The score IS the true risk,
# so it is calibrated within each group by construction.
risk = {"A": rng.beta(2, 5, n), "B": rng.beta(4, 4, n)}        # means 0.286 and 0.5
label = {g: rng.random(n) < r for g, r in risk.items()}


def rates(g, thr):
    s, y = risk[g], label[g]
    pred = s >= thr
    tp, fp = np.sum(pred & y), np.sum(pred & ~y)
    fn, tn = np.sum(~pred & y), np.sum(~pred & ~y)
    return dict(base=y.mean(), sel=pred.mean(), tpr=tp / (tp + fn), fpr=fp / (fp + tn),
                ppv=tp / (tp + fp), fnr=fn / (tp + fn))


def calibration_gap(g, bins=10):
    s, y = risk[g], label[g]
    idx = np.minimum((s * bins).astype(int), bins - 1)
    gaps = [abs(s[idx == b].mean() - y[idx == b].mean()) for b in range(bins) if np.sum(idx == b) > 500]
    return max(gaps)


print("one threshold 0.5 on a calibrated score")
R = {g: rates(g, 0.5) for g in "AB"}
for g in "AB":
    r = R[g]
    print(f"  group {g}: base {r['base']:.3f} selected {r['sel']:.3f} TPR {r['tpr']:.3f} "
          f"FPR {r['fpr']:.3f} PPV {r['ppv']:.3f}  max calibration gap {calibration_gap(g):.3f}")
    assert calibration_gap(g) < 0.02                       # calibrated within each group
assert abs(R["A"]["sel"] - R["B"]["sel"]) > 0.2            # demographic parity fails
assert abs(R["A"]["tpr"] - R["B"]["tpr"]) > 0.2            # equalised odds fails (TPR)
assert abs(R["A"]["fpr"] - R["B"]["fpr"]) > 0.1            # ... and FPR

# Chouldechova (2017): FPR = p/(1-p) * (1-PPV)/PPV * (1-FNR) holds exactly for any classifier.
for g in "AB":
    r = R[g]
    rhs = r["base"] / (1 - r["base"]) * (1 - r["ppv"]) / r["ppv"] * (1 - r["fnr"])
    assert np.isclose(r["fpr"], rhs)
# So with different base rates p, equal PPV and equal FNR force unequal FPR.

# Post-processing 1: per-group thresholds for equal opportunity (equal TPR = 0.70)
def thr_for_tpr(g, target):
    pos_scores = np.sort(risk[g][label[g]])
    return pos_scores[int((1 - target) * len(pos_scores))]

eo = {g: rates(g, thr_for_tpr(g, 0.70)) for g in "AB"}
print("equal opportunity thresholds:",
      {g: (round(thr_for_tpr(g, 0.70), 3), round(eo[g]["tpr"], 3), round(eo[g]["ppv"], 3)) for g in "AB"})
assert abs(eo["A"]["tpr"] - eo["B"]["tpr"]) < 0.005
assert abs(eo["A"]["ppv"] - eo["B"]["ppv"]) > 0.1          # a given decision now means different risk

# Post-processing 2: thresholds for demographic parity (select 30% of each group)
dp = {g: rates(g, np.quantile(risk[g], 0.70)) for g in "AB"}
print("demographic parity thresholds:",
      {g: (round(dp[g]["sel"], 3), round(dp[g]["tpr"], 3), round(dp[g]["fpr"], 3)) for g in "AB"})
assert abs(dp["A"]["sel"] - dp["B"]["sel"]) < 0.005
assert abs(dp["A"]["tpr"] - dp["B"]["tpr"]) > 0.05         # parity in selection, not in errors

# With equal base rates the conflict disappears: same risk distribution -> all metrics match
risk["C"], label["C"] = risk["A"].copy(), label["A"].copy()
rng.shuffle(risk["C"]); label["C"] = rng.random(n) < risk["C"]
rc, ra = rates("C", 0.5), rates("A", 0.5)
assert all(abs(rc[k] - ra[k]) < 0.02 for k in ("sel", "tpr", "fpr", "ppv"))
print("ok")
