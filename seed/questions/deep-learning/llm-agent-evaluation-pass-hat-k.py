"""Agent evaluation with repeated trials: unbiased pass@k and pass^k from n trials per task,
two agents with the same pass@1 and very different reliability, how environment flakiness
deflates pass^k, and a task-clustered confidence interval."""
from math import comb
import numpy as np

rng = np.random.default_rng(0)


def pass_at_k(n, c, k):            # P(at least one of k trials succeeds), unbiased from n >= k trials
    return 1.0 - comb(n - c, k) / comb(n, k)


def pass_hat_k(n, c, k):           # P(all k trials succeed), unbiased (tau-bench)
    return comb(c, k) / comb(n, k)


# ---- unbiasedness check against the definition -------------------------------------------
p, n, k = 0.6, 8, 4
cs = rng.binomial(n, p, 200_000)
dist = np.bincount(cs, minlength=n + 1) / len(cs)      # empirical distribution of successes c
est_at = sum(pass_at_k(n, c, k) * dist[c] for c in range(n + 1))
est_hat = sum(pass_hat_k(n, c, k) * dist[c] for c in range(n + 1))
assert abs(est_at - (1 - (1 - p) ** k)) < 2e-3
assert abs(est_hat - p ** k) < 2e-3
# the naive estimator (c/n)**k is biased for pass^k: E[(c/n)^k] > p^k by Jensen
naive = np.mean((cs / n) ** k)
print(f"pass^4 at p=0.6: truth {p ** k:.4f}, unbiased {est_hat:.4f}, naive (c/n)^k {naive:.4f}")
assert naive > p ** k + 0.01

# ---- same pass@1, different reliability ----------------------------------------------------
T, n = 200, 8
tasks_A = np.r_[np.ones(120), np.zeros(80)]           # agent A: each task always or never solved
tasks_B = np.full(T, 0.6)                              # agent B: every task solved 60% of the time
for name, probs in [("A (consistent)", tasks_A), ("B (flaky)", tasks_B)]:
    c = rng.binomial(n, probs)
    r = {k: np.mean([pass_hat_k(n, ci, k) for ci in c]) for k in (1, 8)}
    a = np.mean([pass_at_k(n, ci, 8) for ci in c])
    print(f"agent {name:15s}: pass^1 {r[1]:.3f}  pass^8 {r[8]:.3f}  pass@8 {a:.3f}")
    if name.startswith("A"):
        assert abs(r[1] - 0.6) < 1e-9 and abs(r[8] - 0.6) < 1e-9 and abs(a - 0.6) < 1e-9
    else:
        assert abs(r[1] - 0.6) < 0.05 and r[8] < 0.05 and a > 0.98

# ---- environment noise: 5% of trials die from infrastructure (timeouts, flaky sandbox) ------
q_env = 0.95
true_p = 0.9
for k in (1, 4, 8):
    print(f"k={k}: agent-only pass^k {true_p ** k:.3f}, measured with flaky env {(true_p * q_env) ** k:.3f}")
assert abs((true_p * q_env) ** 8 / true_p ** 8 - q_env ** 8) < 1e-12   # the penalty compounds: 0.95^8 = 0.66

# ---- confidence interval clustered by task --------------------------------------------------
# per-task success fractions are the independent units; trials of one task are correlated
probs = rng.beta(0.7, 0.5, T)                          # heterogeneous task difficulty
c = rng.binomial(n, probs)
frac = c / n
mean = frac.mean()
se_cluster = frac.std(ddof=1) / np.sqrt(T)
se_naive = np.sqrt(mean * (1 - mean) / (T * n))        # pretends all 1,600 trials are independent
print(f"pass^1 {mean:.3f}: clustered SE {se_cluster:.4f} vs naive SE {se_naive:.4f}")
assert se_cluster > 1.5 * se_naive                     # treating trials as independent overstates precision
