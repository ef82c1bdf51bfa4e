"""Measuring and removing LLM-judge biases on simulated pairwise verdicts:
position (swap both orders), verbosity (length-controlled win rate via logistic regression),
self-preference (judge-human disagreement split by whose output is whose)."""
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n = 4000
dq = rng.normal(0, 1, n)                         # true quality of candidate minus baseline
dlen = rng.normal(1.0, 1.0, n)                   # candidate is verbose: +1 SD longer on average
own = rng.random(n) < 0.5                        # candidate from the judge's own model family?
POS, VERB, SELF = 0.8, 0.7, 0.5                  # judge's biases in logits


def judge(first_is_candidate):
    """P(judge prefers the candidate) when the candidate is shown first (True) or second."""
    z = 1.5 * dq + VERB * dlen + SELF * own
    z = z + np.where(first_is_candidate, POS, -POS)
    return rng.random(n) < 1 / (1 + np.exp(-z))


human = rng.random(n) < 1 / (1 + np.exp(-1.5 * dq))   # humans: quality only
v_first = judge(True)
v_second = judge(False)

# ---- position bias ------------------------------------------------------------------------
consistent = (v_first == v_second).mean()
print(f"raw win rate, candidate first {v_first.mean():.3f}, second {v_second.mean():.3f}; "
      f"swap-consistency {consistent:.3f}")
assert v_first.mean() - v_second.mean() > 0.1       # same pairs, order moves the win rate
# debias: count wins in both orders as 1, splits as 0.5 (a tie)
score = 0.5 * (v_first.astype(float) + v_second.astype(float))
win_swapped = score.mean()

# ---- verbosity: length-controlled win rate ------------------------------------------------
# regress the judge's verdict on the length difference (plus the order shown and the judge's own
# family), then predict with those terms set to 0 -- the idea behind AlpacaEval's LC win rate
X = np.column_stack([np.r_[dlen, dlen], np.r_[np.ones(n), -np.ones(n)], np.r_[own, own]])
y = np.r_[v_first, v_second].astype(int)
lc = LogisticRegression(C=1e6).fit(X, y)
lc_win = lc.predict_proba(np.zeros((1, 3)))[0, 1]
print(f"human win rate {human.mean():.3f} | judge, both orders {win_swapped:.3f} | "
      f"length-controlled {lc_win:.3f} | fitted length coef {lc.coef_[0, 0]:.2f}")
assert win_swapped - human.mean() > 0.08          # verbose candidate 'wins' on length
assert abs(lc_win - human.mean()) < 0.05          # LC win rate lands near the human answer

# ---- self-preference: on a human-labelled calibration set ---------------------------------
pref_gap = []
for flag in (True, False):
    m = own == flag
    pref_gap.append(score[m].mean() - human[m].mean())
print(f"judge minus human win rate: own-family {pref_gap[0]:+.3f}, other {pref_gap[1]:+.3f}")
assert pref_gap[0] - pref_gap[1] > 0.05           # the judge favours its own family

# agreement with humans on the pairs where the judge was order-consistent, chance-corrected
from sklearn.metrics import cohen_kappa_score
c = v_first == v_second
kappa = cohen_kappa_score(human[c], v_first[c])
print(f"judge-human agreement on consistent pairs {(human[c] == v_first[c]).mean():.3f}, kappa {kappa:.3f}")
assert 0.2 < kappa < 0.8
