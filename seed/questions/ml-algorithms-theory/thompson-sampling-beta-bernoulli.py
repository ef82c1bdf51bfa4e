"""Beta-Bernoulli Thompson sampling: probability matching, regret vs UCB1, and batched (delayed) feedback."""
import math
import numpy as np

rng = np.random.default_rng(0)

# 1) Probability matching: TS picks each arm with the posterior probability that it is the best arm.
succ, fail = np.array([30, 25, 5]), np.array([70, 75, 15])        # observed clicks / non-clicks
# exact P(arm i is best) = integral of pdf_i(x) * prod_{j != i} cdf_j(x) dx, on a fine grid
x = np.linspace(1e-6, 1 - 1e-6, 200_001); dx = x[1] - x[0]
a_, b_ = 1 + succ, 1 + fail
logpdf = [(ai - 1) * np.log(x) + (bi - 1) * np.log1p(-x) - (math.lgamma(ai) + math.lgamma(bi) - math.lgamma(ai + bi))
          for ai, bi in zip(a_, b_)]
pdf = np.exp(logpdf); cdf = np.cumsum(pdf, axis=1) * dx
p_best = np.array([np.sum(pdf[i] * np.prod(np.delete(cdf, i, axis=0), axis=0)) * dx for i in range(3)])
# Thompson sampling: one posterior draw per arm, play the argmax
ts_choice = np.bincount(rng.beta(a_, b_, size=(50_000, 3)).argmax(axis=1), minlength=3) / 50_000
print("P(arm is best | data):", p_best.round(3), " TS choice frequency:", ts_choice.round(3))
assert np.allclose(p_best, ts_choice, atol=0.01)
assert p_best[2] > 0.15     # the barely explored arm (20 trials) still gets real traffic: uncertainty drives exploration


def simulate(policy, mu, T, R, batch=1):
    """R runs in parallel; posterior/statistics are refreshed only every `batch` rounds (delayed feedback)."""
    K = len(mu); gap = mu.max() - mu; rows = np.arange(R)
    n = np.zeros((R, K)); s = np.zeros((R, K))          # statistics the policy can see
    n_new = np.zeros((R, K)); s_new = np.zeros((R, K))  # feedback still in flight
    regret = 0.0
    for t in range(1, T + 1):
        a = policy(t, n, s)
        r = rng.random(R) < mu[a]
        n_new[rows, a] += 1; s_new[rows, a] += r
        regret += gap[a].mean()
        if t % batch == 0:
            n += n_new; s += s_new; n_new[:] = 0; s_new[:] = 0
    return regret


def thompson(t, n, s):
    return rng.beta(1 + s, 1 + n - s).argmax(axis=1)


def ucb1(t, n, s):
    with np.errstate(divide="ignore", invalid="ignore"):
        idx = np.where(n > 0, s / n + np.sqrt(2 * np.log(t) / n), np.inf)
    # ties (e.g. all arms unplayed within the first batch) are broken at random
    idx = idx + 1e-9 * rng.random(idx.shape)
    return idx.argmax(axis=1)


mu = np.array([0.05, 0.04, 0.03])                     # click-through rates: small gaps, realistic
T, R = 20_000, 100
res = {}
for name, pol in [("thompson", thompson), ("ucb1", ucb1)]:
    for batch in (1, 1000):
        res[name, batch] = simulate(pol, mu, T, R, batch)
        print(f"{name:8s} batch={batch:5d}  regret={res[name, batch]:7.1f}")

assert res["thompson", 1] < 0.5 * res["ucb1", 1]            # TS far better constants than UCB1 on low CTRs
assert res["thompson", 1000] < 1.5 * res["thompson", 1]     # randomisation makes TS robust to batched feedback
# UCB1 is deterministic: within a batch every request goes to the same arm
assert res["ucb1", 1000] > res["ucb1", 1]
# uniform A/B/C split for comparison: regret = T * mean gap
print(f"uniform split regret = {T * (mu.max() - mu).mean():.1f}")
assert res["thompson", 1000] < T * (mu.max() - mu).mean()
