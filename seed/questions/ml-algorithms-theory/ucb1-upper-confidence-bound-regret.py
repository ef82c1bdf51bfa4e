"""UCB1: check the Hoeffding confidence bound, the O(log T) regret growth, and Auer et al.'s finite-time bound."""
import numpy as np

rng = np.random.default_rng(0)

# 1) Hoeffding: for n rewards in [0,1], P(mean_hat + sqrt(2 ln t / n) < mu) <= t^-4
mu_true, n, t = 0.3, 50, 3
bonus = np.sqrt(2 * np.log(t) / n)
means = rng.binomial(n, mu_true, size=1_000_000) / n
miss = np.mean(means + bonus < mu_true)
print(f"bonus={bonus:.3f}; P(UCB below mu) = {miss:.4f} <= t^-4 = {t**-4.0:.4f}")
assert miss <= t ** -4.0

# 2) UCB1 on a Bernoulli bandit, R runs in parallel
mu = np.array([0.7, 0.5, 0.4]); K = len(mu); gap = mu.max() - mu
T, R = 20_000, 200
checkpoints = [1_250, 2_500, 5_000, 10_000, 20_000]
n = np.zeros((R, K)); s = np.zeros((R, K)); rows = np.arange(R)
cum = np.zeros(R); reg_at = {}
for t in range(1, T + 1):
    if t <= K:
        a = np.full(R, t - 1)                      # pull every arm once
    else:
        ucb = s / n + np.sqrt(2 * np.log(t) / n)
        a = ucb.argmax(axis=1)
    r = rng.random(R) < mu[a]
    n[rows, a] += 1; s[rows, a] += r
    cum += gap[a]
    if t in checkpoints:
        reg_at[t] = cum.mean()

for t in checkpoints:
    print(f"T={t:6d}  regret={reg_at[t]:6.1f}  regret/ln T={reg_at[t] / np.log(t):5.2f}")

# regret grows like log T: each doubling of T adds roughly the same amount (ln 2 times a constant)
inc = np.diff([reg_at[t] for t in checkpoints])
print("increments per doubling:", np.round(inc, 1))
assert inc.max() / inc.min() < 1.6          # additive, not multiplicative, growth
assert reg_at[20_000] / reg_at[10_000] < 1.2  # a linear algorithm would give 2.0
slope = inc.mean() / np.log(2)               # regret ~ slope * ln T + const
kl = lambda p, q: p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))
lai_robbins = sum(g / kl(m, mu.max()) for m, g in zip(mu, gap) if g > 0)
print(f"UCB1 slope in ln T: {slope:.1f}; Lai-Robbins optimum: {lai_robbins:.2f}")
assert slope > lai_robbins                   # UCB1 is order-optimal, not constant-optimal (KL-UCB/TS close the gap)

# 3) Auer, Cesa-Bianchi, Fischer (2002): R_T <= sum_{gap>0} 8 ln T / gap + (1 + pi^2/3) sum gap
bound = sum(8 * np.log(T) / g for g in gap if g > 0) + (1 + np.pi**2 / 3) * gap.sum()
print(f"finite-time bound at T={T}: {bound:.1f}; simulated {reg_at[T]:.1f}")
assert reg_at[T] < bound

# 4) pulls of each bad arm vs the 2 ln T / gap^2 the analysis predicts
pred = 2 * np.log(T) / gap[1:] ** 2
print("mean pulls of bad arms:", n.mean(axis=0)[1:].round(0), " 2 ln T/gap^2:", pred.round(0))
assert np.all(n.mean(axis=0)[1:] < 4 * pred)   # bound is 8 ln T/gap^2; empirically ~ 2 ln T/gap^2 or less
