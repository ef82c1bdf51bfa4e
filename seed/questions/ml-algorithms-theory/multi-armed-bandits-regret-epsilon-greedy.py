"""Regret of greedy, epsilon-greedy (constant and decaying) and explore-then-commit on a 3-armed Bernoulli bandit."""
import numpy as np

rng = np.random.default_rng(0)
mu = np.array([0.7, 0.5, 0.4])          # arm 0 is best; gaps 0, 0.2, 0.3
K, T, R = len(mu), 10_000, 300           # arms, horizon, independent runs
gap = mu.max() - mu


def run(policy):
    """Simulate R runs in parallel; return the pseudo-regret curve sum_t gap[a_t], averaged over runs."""
    n = np.zeros((R, K)); s = np.zeros((R, K))
    regret = np.zeros((R, T))
    rows = np.arange(R)
    for t in range(T):
        a = policy(t, n, s)
        r = rng.random(R) < mu[a]
        n[rows, a] += 1; s[rows, a] += r
        regret[:, t] = gap[a]
    return regret.cumsum(axis=1)


def greedy_arm(n, s):
    means = np.where(n > 0, s / np.maximum(n, 1), np.inf)   # unpulled arms first
    return means.argmax(axis=1)


def eps_greedy(eps_fn):
    def policy(t, n, s):
        explore = rng.random(R) < eps_fn(t)
        return np.where(explore, rng.integers(0, K, R), greedy_arm(n, s))
    return policy


def explore_then_commit(m):
    def policy(t, n, s):
        if t < K * m:
            return np.full(R, t % K)          # round-robin m pulls per arm
        return greedy_arm(n, s)
    return policy


d = gap[gap > 0].min()
curves = {
    "greedy (eps=0)": run(eps_greedy(lambda t: 0.0)),
    "eps=0.1": run(eps_greedy(lambda t: 0.1)),
    "eps_t=min(1,K/(d^2 t))": run(eps_greedy(lambda t: min(1.0, K / (d**2 * (t + 1))))),
    "ETC m=10": run(explore_then_commit(10)),
    "ETC m=100": run(explore_then_commit(100)),
}
for name, c in curves.items():
    print(f"{name:26s} regret@T/2={c[:, T//2 - 1].mean():7.1f}  regret@T={c[:, -1].mean():7.1f}  "
          f"worst run={c[:, -1].max():7.1f}")

# 1) constant epsilon pays eps * mean gap on every step: linear regret ~ eps*T*mean(gap)
const = curves["eps=0.1"][:, -1].mean()
predicted = 0.1 * T * gap.mean()
print(f"constant eps: predicted linear regret {predicted:.1f}, simulated {const:.1f}")
assert abs(const - predicted) / predicted < 0.15
half = curves["eps=0.1"][:, T//2 - 1].mean()
assert 1.8 < const / half < 2.2                      # doubles when T doubles: linear

# 2) decaying epsilon grows far slower than linearly (logarithmic once exploration has decayed)
dec = curves["eps_t=min(1,K/(d^2 t))"]
assert dec[:, -1].mean() / dec[:, T//2 - 1].mean() < 1.25
assert dec[:, -1].mean() < const                      # and already beats constant eps at T = 10,000

# 3) pure greedy: most runs are fine, but some lock onto a worse arm forever (linear regret on those runs)
g = curves["greedy (eps=0)"][:, -1]
stuck = np.mean(g > 0.1 * T * d)
print(f"greedy: fraction of runs stuck on a bad arm = {stuck:.2f}, mean regret {g.mean():.1f}")
assert stuck > 0.1

# 4) ETC with m pulls per arm: regret = m*sum(gap) for exploration + rare wrong commits
etc = curves["ETC m=100"][:, -1]
assert etc.mean() >= 100 * gap.sum()                 # exploration cost alone is 50
print(f"ETC: exploration cost {100 * gap.sum():.0f}, total {etc.mean():.1f}")
# too little exploration: cheap exploration, but a wrong commit costs gap*T on that run
etc10 = curves["ETC m=10"][:, -1]
wrong = np.mean(etc10 > 10 * gap.sum() + 100)
print(f"ETC m=10: {wrong:.2f} of runs committed to a worse arm, mean regret {etc10.mean():.1f}")
assert wrong > 0.05 and etc10.mean() > etc.mean()

# 5) Lai-Robbins: any consistent algorithm has regret >= sum_a gap_a/KL(mu_a, mu*) * log T asymptotically
kl = lambda p, q: p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))
c_lr = sum(gap[a] / kl(mu[a], mu.max()) for a in range(K) if gap[a] > 0)
print(f"Lai-Robbins constant {c_lr:.2f}; c*log(T) = {c_lr * np.log(T):.1f}")
assert abs(c_lr - 3.86) < 0.01
assert min(c[:, -1].mean() for c in curves.values()) > c_lr * np.log(T)   # nobody here beats the bound
