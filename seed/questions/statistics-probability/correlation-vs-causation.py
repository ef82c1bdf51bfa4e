"""Confounding fakes an effect; randomization, stratification and IPW recover the true one."""
import numpy as np

rng = np.random.default_rng(42)
n = 200_000
TRUE_EFFECT = 0.02

# engagement level U (observed here) drives both adoption and retention
u = rng.integers(0, 3, size=n)                       # low / medium / high engagement
base_retention = np.array([0.30, 0.50, 0.70])[u]
p_adopt = np.array([0.10, 0.40, 0.80])[u]            # engaged users adopt far more often


def outcome(t):
    return (rng.random(n) < base_retention + TRUE_EFFECT * t).astype(float)


# 1) observational world: users choose the feature
t_obs = (rng.random(n) < p_adopt).astype(int)
y_obs = outcome(t_obs)
naive = y_obs[t_obs == 1].mean() - y_obs[t_obs == 0].mean()

# 2) randomized world: a coin decides
t_rct = rng.integers(0, 2, size=n)
y_rct = outcome(t_rct)
rct = y_rct[t_rct == 1].mean() - y_rct[t_rct == 0].mean()

# 3) stratify on the confounder (valid because U is observed)
strata = []
for level in range(3):
    m = u == level
    d = y_obs[m & (t_obs == 1)].mean() - y_obs[m & (t_obs == 0)].mean()
    strata.append((m.mean(), d))
stratified = sum(w * d for w, d in strata)

# 4) inverse propensity weighting with the estimated propensity per stratum
e_hat = np.array([t_obs[u == k].mean() for k in range(3)])[u]
ipw = np.mean(t_obs * y_obs / e_hat - (1 - t_obs) * y_obs / (1 - e_hat))

print(f"naive={naive:.4f} rct={rct:.4f} stratified={stratified:.4f} ipw={ipw:.4f}")
assert naive > 0.15                        # confounding inflates the effect ~10x
assert abs(rct - TRUE_EFFECT) < 0.01
assert abs(stratified - TRUE_EFFECT) < 0.01
assert abs(ipw - TRUE_EFFECT) < 0.01
