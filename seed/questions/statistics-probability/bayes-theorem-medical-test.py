"""Bayes' rule for a medical test: formula, odds form, and a simulated population."""
import numpy as np


def posterior(prior, sens, spec):
    return sens * prior / (sens * prior + (1 - spec) * (1 - prior))


def posterior_odds_form(prior, sens, spec, positives=1):
    odds = prior / (1 - prior) * (sens / (1 - spec)) ** positives
    return odds / (1 + odds)


sens, spec, prev = 0.99, 0.95, 0.01
p1 = posterior(prev, sens, spec)
p2 = posterior(p1, sens, spec)           # second independent positive test
print(f"P(D|+)={p1:.4f}  P(D|++)={p2:.4f}")
assert np.isclose(p1, 1 / 6)
assert np.isclose(p1, posterior_odds_form(prev, sens, spec))
assert np.isclose(p2, posterior_odds_form(prev, sens, spec, positives=2))
assert np.isclose(p2, 3.96 / 4.96)

# base-rate table from the answer
for prior, expected in [(0.001, 0.0194), (0.01, 0.1667), (0.10, 0.6875), (0.50, 0.9519)]:
    assert abs(posterior(prior, sens, spec) - expected) < 1e-4, prior

# prevalence at which a positive result is a coin flip: prior odds = 1/LR+
lr = sens / (1 - spec)
prior_half = (1 / lr) / (1 + 1 / lr)
assert np.isclose(posterior(prior_half, sens, spec), 0.5)
print(f"break-even prevalence={prior_half:.4f}")

# simulate a population of 2 million people
rng = np.random.default_rng(1)
n = 2_000_000
sick = rng.random(n) < prev
positive = np.where(sick, rng.random(n) < sens, rng.random(n) > spec)
sim = sick[positive].mean()
print(f"simulated P(D|+)={sim:.4f}")
assert abs(sim - 1 / 6) < 0.005

# the fraud-model version: 99% recall, 1% FPR, 0.1% fraud -> precision ~9%
precision = posterior(0.001, 0.99, 0.99)
assert abs(precision - 0.0902) < 1e-3
