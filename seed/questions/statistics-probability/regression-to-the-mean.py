"""Regression to the mean: the worst users 'improve' with no intervention, by exactly the shrinkage factor."""
import numpy as np

rng = np.random.default_rng(31)
n = 200_000
skill = rng.normal(50, 8, n)                  # stable engagement level
week1 = skill + rng.normal(0, 6, n)           # noisy measurement, week 1
week2 = skill + rng.normal(0, 6, n)           # independent noise, week 2, NO intervention

reliability = 8**2 / (8**2 + 6**2)            # corr(week1, week2) = 0.64
assert abs(np.corrcoef(week1, week2)[0, 1] - reliability) < 0.01

worst = week1 < np.percentile(week1, 10)
gain = week2[worst].mean() - week1[worst].mean()
# E[week2 | week1] = mu + r (week1 - mu): the gap to the mean shrinks by the factor r
predicted = (1 - reliability) * (50 - week1[worst].mean())
print(f"bottom 10%: week1={week1[worst].mean():.2f} week2={week2[worst].mean():.2f} "
      f"gain={gain:.2f} predicted={predicted:.2f}")
assert gain > 5 and abs(gain - predicted) < 0.2

best = week1 > np.percentile(week1, 90)
assert week2[best].mean() < week1[best].mean()          # the top 'declines' symmetrically

# a randomized control among the selected users removes the illusion
treated = worst & (rng.random(n) < 0.5)
control = worst & ~treated
effect = (week2[treated] - week1[treated]).mean() - (week2[control] - week1[control]).mean()
print(f"treatment effect estimated against a control group={effect:.3f}")
assert abs(effect) < 0.4            # zero up to noise (SE ~0.12)
