"""Off-policy evaluation: IPS, clipped IPS, SNIPS, direct method and doubly robust as logging propensities shrink."""
import numpy as np

rng = np.random.default_rng(0)
X, K, n, reps = 20, 5, 5_000, 400
p = rng.uniform(0.05, 0.6, (X, K))                      # true click probability for (context, action)
log_pref = rng.integers(0, K, X)                         # logging policy's favourite action per context
target = p.argmax(axis=1)                                # new (deterministic) policy: the truly best action
true_value = p[np.arange(X), target].mean()              # contexts are uniform
q_hat = np.clip(p + 0.08 * rng.standard_normal((X, K)) - 0.05, 0, 1)   # imperfect reward model (biased, noisy)
dm_value = q_hat[np.arange(X), target].mean()


def estimates(eps):
    """Logging policy: epsilon-greedy around log_pref. Returns (reps, 6) estimates and the mean ESS."""
    pi0 = np.full((X, K), eps / K); pi0[np.arange(X), log_pref] += 1 - eps
    x = rng.integers(0, X, (reps, n))
    a = (rng.random((reps, n))[..., None] > np.cumsum(pi0[x], axis=-1)).sum(-1)     # sample from pi0(.|x)
    r = (rng.random((reps, n)) < p[x, a]).astype(float)
    w = (a == target[x]) / pi0[x, a]                        # importance weight pi(a|x)/pi0(a|x); pi deterministic
    ips = (w * r).mean(1)
    clipped = (np.minimum(w, 10.0) * r).mean(1)             # clip weights at 10
    snips = (w * r).sum(1) / w.sum(1)
    dr = (q_hat[x, target[x]] + w * (r - q_hat[x, a])).mean(1)
    ess = (w.sum(1) ** 2 / (w ** 2).sum(1)).mean()
    return np.column_stack([ips, clipped, snips, np.full(reps, dm_value), dr]), ess, pi0.min()


names = ["IPS", "clipped IPS (w<=10)", "SNIPS", "direct method", "doubly robust"]
print(f"true value of the new policy: {true_value:.4f}")
res = {}
for eps in (0.5, 0.1, 0.02):
    est, ess, pmin = estimates(eps)
    res[eps] = est
    print(f"\nlogging eps={eps}: min propensity {pmin:.3f}, effective sample size {ess:.0f} of {n}")
    for j, name in enumerate(names):
        print(f"  {name:20s} bias={est[:, j].mean() - true_value:+.4f}  sd={est[:, j].std():.4f}")

ips_sd = {e: res[e][:, 0].std() for e in res}
# IPS is unbiased at every exploration level (within Monte Carlo error), but its sd explodes as propensities shrink
for e in res:
    assert abs(res[e][:, 0].mean() - true_value) < 4 * ips_sd[e] / np.sqrt(reps)
assert ips_sd[0.02] > 3 * ips_sd[0.5]
# clipping trades variance for (downward) bias when weights exceed the cap (1/0.004 = 250 > 10)
assert res[0.02][:, 1].mean() < true_value - 0.05 and res[0.02][:, 1].std() < ips_sd[0.02]
# SNIPS: small bias, lower variance than IPS
assert res[0.02][:, 2].std() < ips_sd[0.02]
# direct method: zero variance here but biased by the reward model's error
assert abs(dm_value - true_value) > 0.03
# doubly robust: unbiased (propensities are exact) with lower sd than IPS at every level
for e in res:
    assert abs(res[e][:, 4].mean() - true_value) < 4 * res[e][:, 4].std() / np.sqrt(reps)
    assert res[e][:, 4].std() < res[e][:, 0].std()
