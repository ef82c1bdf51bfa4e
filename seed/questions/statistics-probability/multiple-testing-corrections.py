"""Bonferroni, Holm and Benjamini-Hochberg from scratch; FWER and FDR checked by simulation."""
from math import erf, sqrt

import numpy as np


def bonferroni(p, alpha=0.05):
    return p <= alpha / len(p)


def holm(p, alpha=0.05):
    m = len(p)
    order = np.argsort(p)
    reject = np.zeros(m, dtype=bool)
    for i, idx in enumerate(order):
        if p[idx] <= alpha / (m - i):
            reject[idx] = True
        else:
            break                       # step-down: stop at the first failure
    return reject


def benjamini_hochberg(p, q=0.05):
    m = len(p)
    order = np.argsort(p)
    passed = p[order] <= q * np.arange(1, m + 1) / m
    reject = np.zeros(m, dtype=bool)
    if passed.any():
        k = np.max(np.nonzero(passed)[0])      # largest k that passes
        reject[order[: k + 1]] = True
    return reject


p = np.array([0.001, 0.0052, 0.012, 0.014, 0.04, 0.07, 0.12, 0.3, 0.5, 0.9])
counts = (int((p <= 0.05).sum()), int(bonferroni(p).sum()), int(holm(p).sum()), int(benjamini_hochberg(p).sum()))
print("unadjusted, Bonferroni, Holm, BH:", counts)
assert counts == (5, 1, 2, 4)

# BH can reject p_(k) after an earlier p-value failed its own threshold:
p2 = np.array([0.001, 0.03, 0.035, 0.10])     # thresholds .0125 .025 .0375 .05; 0.03 fails, 0.035 passes -> k=3
assert benjamini_hochberg(p2).tolist() == [True, True, True, False]

# simulation: 100 tests, 10 real effects (z shifted by 3), independent
rng = np.random.default_rng(9)
phi = np.vectorize(lambda z: 0.5 * (1 + erf(z / sqrt(2))))
m, m1, reps = 100, 10, 3000
truth = np.zeros(m, dtype=bool)
truth[:m1] = True
stats = {"none": [], "bonferroni": [], "holm": [], "bh": []}
z_all = rng.normal(size=(reps, m)) + 3.0 * truth
p_all = 2 * (1 - phi(np.abs(z_all)))
for pv in p_all:
    for name, rej in [("none", pv <= 0.05), ("bonferroni", bonferroni(pv)), ("holm", holm(pv)), ("bh", benjamini_hochberg(pv))]:
        v = np.sum(rej & ~truth)
        r = np.sum(rej)
        stats[name].append((v > 0, v / max(r, 1), np.sum(rej & truth) / m1))
summary = {k: np.mean(v, axis=0) for k, v in stats.items()}
for k, (fwer, fdr, pw) in summary.items():
    print(f"{k:11s} FWER={fwer:.3f} FDR={fdr:.3f} power={pw:.3f}")
assert summary["none"][0] > 0.95                     # almost surely some false positive
assert summary["bonferroni"][0] <= 0.05 and summary["holm"][0] <= 0.06
assert summary["bh"][1] <= 0.05 * 90 / 100 + 0.01   # FDR <= (m0/m) q
assert summary["bh"][2] > summary["holm"][2] >= summary["bonferroni"][2]
assert abs(1 - 0.95**20 - 0.64) < 0.01
