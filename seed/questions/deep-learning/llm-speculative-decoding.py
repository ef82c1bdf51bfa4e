"""Speculative sampling: the accept/resample rule reproduces the target distribution exactly,
the acceptance rate is sum(min(p, q)), and tokens per target call match (1 - a^(g+1)) / (1 - a)."""
import numpy as np

rng = np.random.default_rng(0)
V = 6
p = np.array([0.30, 0.25, 0.20, 0.10, 0.10, 0.05])   # target model's next-token distribution
q = np.array([0.10, 0.40, 0.20, 0.20, 0.05, 0.05])   # cheaper draft model's distribution


def speculative_sample(p, q, n):
    """n independent single-token speculative steps (vectorised): draft x ~ q, accept with
    probability min(1, p(x)/q(x)), otherwise resample from norm(max(0, p - q))."""
    x = rng.choice(V, size=n, p=q)
    accepted = rng.random(n) < np.minimum(1.0, p[x] / q[x])
    residual = np.maximum(p - q, 0.0)
    fallback = rng.choice(V, size=n, p=residual / residual.sum())
    return np.where(accepted, x, fallback), accepted


n = 400_000
tokens, accepted = speculative_sample(p, q, n)
freq = np.bincount(tokens, minlength=V) / n
print("target   :", p)
print("empirical:", np.round(freq, 3))
assert np.allclose(freq, p, atol=0.004)                # exactly the target distribution
alpha = np.minimum(p, q).sum()                         # = 1 - total variation distance
assert np.isclose(alpha, 1 - 0.5 * np.abs(p - q).sum())
assert abs(accepted.mean() - alpha) < 0.004

# Exactness holds analytically too: P(x) = min(p, q) + (1 - alpha) * residual(x) = p(x)
residual = np.maximum(p - q, 0) / np.maximum(p - q, 0).sum()
assert np.allclose(np.minimum(p, q) + (1 - alpha) * residual, p)

# Expected tokens per target forward pass with gamma drafted tokens and i.i.d. acceptance a:
# accepted prefix + 1 token (the correction or the bonus token) = (1 - a^(gamma+1)) / (1 - a)
def simulate_tokens_per_call(a, gamma, trials=100_000):
    acc = rng.random((trials, gamma)) < a
    n_accepted = np.where(acc.all(1), gamma, np.argmin(acc, axis=1))
    return (n_accepted + 1).mean()


for a, gamma in [(0.6, 4), (0.8, 4), (0.8, 8)]:
    closed = (1 - a ** (gamma + 1)) / (1 - a)
    sim = simulate_tokens_per_call(a, gamma)
    print(f"alpha={a} gamma={gamma}: {closed:.3f} tokens/call (simulated {sim:.3f})")
    assert abs(sim - closed) < 0.03

# Wall-clock speed-up when a draft call costs c of a target call: E[tokens] / (gamma*c + 1)
a, gamma, c = 0.8, 4, 0.05
speedup = (1 - a ** (gamma + 1)) / (1 - a) / (gamma * c + 1)
assert 2.8 < speedup < 2.9
