"""Red-teaming metrics in numpy: attack success rate with a confidence interval, per-goal ASR@k from
repeated attempts, Best-of-N scaling as a power law, and correcting ASR for an imperfect judge."""
from math import comb, sqrt

import numpy as np

rng = np.random.default_rng(0)


def wilson(successes, n, z=1.96):
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# 1) ASR on 200 harmful behaviours, one attempt each: 14 successes
lo, hi = wilson(14, 200)
print(f"ASR 14/200 = {14 / 200:.3f}, 95% Wilson interval [{lo:.3f}, {hi:.3f}]")
assert 0.04 < lo < 0.07 and 0.10 < hi < 0.12


# 2) Per-goal ASR@k from n sampled attempts per goal with c successes (unbiased, like pass@k)
def asr_at_k(n, c, k):
    return 1.0 - comb(n - c, k) / comb(n, k) if n - c >= k else 1.0


p_goal = rng.beta(0.3, 3.0, size=200)                   # heterogeneous per-goal success probabilities
n_att = 50
c = rng.binomial(n_att, p_goal)
for k in (1, 10, 50):
    est = np.mean([asr_at_k(n_att, ci, k) for ci in c])
    true = np.mean(1 - (1 - p_goal) ** k)
    print(f"ASR@{k:<2d}: estimated {est:.3f}, true {true:.3f}")
    if k < n_att:
        assert abs(est - true) < 0.05
assert np.isclose(np.mean([asr_at_k(n_att, ci, 1) for ci in c]), c.sum() / (n_att * len(c)))  # k=1: per-attempt rate


# 3) Best-of-N: resample random augmentations of each request until one works.
#    With per-goal probabilities p ~ Beta(a, b), the unbroken fraction E[(1-p)^N] decays like N^(-a).
a, b = 0.3, 3.0
p = rng.beta(a, b, size=200_000)
Ns = np.array([1, 3, 10, 30, 100, 300, 1000, 3000, 10000])
asr = np.array([np.mean(1 - (1 - p) ** N) for N in Ns])
for N, s in zip(Ns, asr):
    print(f"BoN N={N:5d}: ASR {s:.3f}")
fit = Ns >= 30
slope = np.polyfit(np.log(Ns[fit][:3]), np.log(1 - asr[fit][:3]), 1)[0]    # fit on N = 30..300 only
pred = 1 - (1 - asr[Ns == 300][0]) * (10000 / 300) ** slope
print(f"log-log slope of the unbroken fraction {slope:.3f} (theory -{a}); "
      f"forecast ASR at N=10,000 from N<=300: {pred:.3f} vs actual {asr[-1]:.3f}")
assert np.all(np.diff(asr) > 0)
assert abs(slope + a) < 0.05
assert abs(pred - asr[-1]) < 0.03

# 4) An imperfect judge: sensitivity 0.90, false-positive rate 0.05 on refusals/benign answers
true_asr, tpr, fpr = 0.10, 0.90, 0.05
measured = true_asr * tpr + (1 - true_asr) * fpr
corrected = (measured - fpr) / (tpr - fpr)                        # Rogan-Gladen correction
print(f"true ASR {true_asr:.3f}, judge-measured {measured:.3f}, corrected {corrected:.3f}")
assert np.isclose(measured, 0.135) and np.isclose(corrected, true_asr)
print("ok")
