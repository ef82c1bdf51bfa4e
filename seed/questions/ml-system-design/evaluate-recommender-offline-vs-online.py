"""Off-policy evaluation of a new recommendation policy from logs of the old one:
direct method (DM), inverse propensity scoring (IPS), self-normalized IPS and doubly robust (DR)."""
import numpy as np

rng = np.random.default_rng(1)
K, d = 8, 5                                            # 8 candidate items per slot, 5 context features
W_true = rng.normal(size=(d, K))

def true_ctr(X):
    return 1 / (1 + np.exp(-(X @ W_true - 3.0)))        # P(click | context, item)

def logging_policy(X):
    """Old, stochastic policy: a softened softmax of the item scores. Its propensities are logged."""
    logits = 0.5 * (X @ W_true)
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)

W_new = W_true + np.random.default_rng(99).normal(scale=0.5, size=W_true.shape)   # new model
def target_action(X):
    return np.argmax(X @ W_new, axis=1)                  # new policy: deterministic greedy

# A deliberately biased reward model for DM/DR (e.g. trained on skewed data): wrong intercept and slope.
def reward_model(X):
    return 1 / (1 + np.exp(-(0.7 * (X @ W_true) - 2.6)))

def one_run(n):
    X = rng.normal(size=(n, d))
    P = logging_policy(X)
    a = (P.cumsum(1) > rng.random((n, 1))).argmax(1)      # sample logged action
    r = (rng.random(n) < true_ctr(X)[np.arange(n), a]).astype(float)
    prop = P[np.arange(n), a]
    t = target_action(X)
    match = (a == t).astype(float)
    w = match / prop                                      # importance weight pi_new(a|x) / pi_old(a|x)
    qhat = reward_model(X)
    dm = qhat[np.arange(n), t].mean()
    ips = np.mean(w * r)
    snips = np.sum(w * r) / np.sum(w)
    dr = np.mean(qhat[np.arange(n), t] + w * (r - qhat[np.arange(n), a]))
    truth = true_ctr(X)[np.arange(n), t].mean()           # known only in simulation
    return dm, ips, snips, dr, truth, np.mean(r)

res = np.array([one_run(5_000) for _ in range(200)])
X_big = rng.normal(size=(400_000, d))
V_new = true_ctr(X_big)[np.arange(len(X_big)), target_action(X_big)].mean()
names = ["DM", "IPS", "SNIPS", "DR"]
print(f"true value of new policy {V_new:.4f}; logged (old policy) CTR {res[:, 5].mean():.4f}")
for j, nm in enumerate(names):
    print(f"{nm:5s} mean {res[:, j].mean():.4f}  bias {res[:, j].mean() - V_new:+.4f}  sd {res[:, j].std():.4f}")

bias = res[:, :4].mean(0) - V_new
sd = res[:, :4].std(0)
assert V_new > res[:, 5].mean() + 0.02                 # the new policy really is better than the old
assert abs(bias[0]) > 3 * sd[0]                        # DM inherits the reward model's bias
assert abs(bias[1]) < 3 * sd[1] / np.sqrt(200) + 0.003 # IPS is unbiased (up to Monte Carlo error)
assert abs(bias[3]) < 3 * sd[3] / np.sqrt(200) + 0.003 # DR is unbiased when propensities are right
assert sd[3] < sd[1]                                  # DR reduces the variance of IPS
