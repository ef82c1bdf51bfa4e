"""Preference-label quality: raw agreement vs Cohen's kappa, how label noise shrinks a
Bradley-Terry fit and caps accuracy, and a binomial test that catches left-position bias."""
import math
import numpy as np
from sklearn.metrics import cohen_kappa_score
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n, d = 20000, 3
w_true = np.array([1.5, -1.0, 0.5])
diff = rng.normal(size=(n, d))                         # feature difference between response A and B
p_a = 1 / (1 + np.exp(-diff @ w_true))                 # Bradley-Terry probability that A is better


def annotate(flip, left_bias=0.0, a_on_left=None):
    """One annotator: BT choice, then a random flip (careless), plus optional pull to the left slot."""
    pick_a = rng.random(n) < p_a
    flipped = rng.random(n) < flip
    pick_a = pick_a ^ flipped
    if left_bias:
        lazy = rng.random(n) < left_bias               # picks whatever is on the left
        pick_a = np.where(lazy, a_on_left, pick_a)
    return pick_a.astype(int)


# ---- 1) agreement and kappa -------------------------------------------------------------
a1, a2 = annotate(0.1), annotate(0.1)
raw = (a1 == a2).mean()
p1, p2 = a1.mean(), a2.mean()
p_chance = p1 * p2 + (1 - p1) * (1 - p2)
kappa = (raw - p_chance) / (1 - p_chance)
print(f"raw agreement {raw:.3f}, chance {p_chance:.3f}, Cohen's kappa {kappa:.3f}")
assert abs(kappa - cohen_kappa_score(a1, a2)) < 1e-9
# expected agreement of two independent BT annotators with flip rate e:
q = p_a * 0.9 + (1 - p_a) * 0.1                        # P(annotator says A)
expected = np.mean(q * q + (1 - q) * (1 - q))
assert abs(raw - expected) < 0.01
assert raw < 0.8                                       # 'noisy' even though each annotator is 'good'

# ---- 2) label noise attenuates the fitted reward and caps accuracy -------------------------
for flip in [0.0, 0.2]:
    y = annotate(flip)
    m = LogisticRegression(fit_intercept=False, C=1e6).fit(diff, y)
    scale = np.linalg.norm(m.coef_) / np.linalg.norm(w_true)
    cos = m.coef_[0] @ w_true / np.linalg.norm(m.coef_) / np.linalg.norm(w_true)
    acc_vs_noisy = (m.predict(diff) == y).mean()
    print(f"flip {flip:.1f}: reward scale {scale:.2f} of true, direction cos {cos:.3f}, "
          f"accuracy on its own labels {acc_vs_noisy:.3f}")
    assert cos > 0.99                                  # symmetric noise keeps the ranking...
    if flip == 0.0:
        assert abs(scale - 1) < 0.05
    else:
        assert scale < 0.7                             # ...but the margins shrink a lot
        assert acc_vs_noisy < 0.72                     # and measured accuracy is capped

# ---- 3) position bias in collection --------------------------------------------------------
a_on_left = rng.random(n) < 0.5                        # randomised presentation, RECORDED
y = annotate(0.1, left_bias=0.08, a_on_left=a_on_left)
chose_left = np.where(a_on_left, y == 1, y == 0)
k = chose_left.sum()
z = (k - n / 2) / math.sqrt(n / 4)                     # binomial test vs 50% (normal approximation)
p_value = math.erfc(abs(z) / math.sqrt(2))
print(f"left chosen {k / n:.3f} of the time, z = {z:.1f}, p = {p_value:.1e}")
assert p_value < 1e-6                                  # 8% 'lazy left' raters are easy to detect
# because order was randomised, the bias only adds noise; the BT direction is still right
m = LogisticRegression(fit_intercept=False, C=1e6).fit(diff, y)
assert m.coef_[0] @ w_true / np.linalg.norm(m.coef_) / np.linalg.norm(w_true) > 0.99
