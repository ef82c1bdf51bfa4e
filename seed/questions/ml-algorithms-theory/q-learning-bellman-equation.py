"""Tabular Q-learning on a random MDP: learns Q* off-policy from a uniformly random behaviour policy."""
import numpy as np

rng = np.random.default_rng(0)
S, A, gamma = 6, 3, 0.9
P = rng.dirichlet(np.ones(S), size=(S, A))          # P[s, a] = distribution over next states
Rmean = rng.normal(0, 1, (S, A))                      # expected reward for (s, a)

# 1) Q* by value iteration on the Bellman optimality operator (a gamma-contraction in max norm)
Q = np.zeros((S, A))
for k in range(1000):
    Q_new = Rmean + gamma * P @ Q.max(axis=1)
    if np.abs(Q_new - Q).max() < 1e-12:
        break
    Q = Q_new
Q_star = Q_new
print(f"value iteration converged in {k} sweeps")
# contraction: each sweep shrinks the error by at least gamma, so ~log(1e-12)/log(0.9) = 262 sweeps suffice
assert k <= np.ceil(np.log(1e-12) / np.log(gamma)) + 50
assert np.allclose(Q_star, Rmean + gamma * P @ Q_star.max(axis=1))   # fixed point of the Bellman equation

N = 150_000
cumP = P.cumsum(axis=2)


def trajectory(n):
    """One trajectory of the uniformly random behaviour policy: (s, a, r, s') tuples, pre-sampled for speed."""
    acts = rng.integers(A, size=n); u = rng.random(n); noise = rng.normal(0, 1.0, n)
    out, s = [], 0
    for t in range(n):
        a = acts[t]
        s2 = min(int(np.searchsorted(cumP[s, a], u[t])), S - 1)
        out.append((s, a, Rmean[s, a] + noise[t], s2))
        s = s2
    return out


# 2) Q-learning from one long trajectory of a *uniformly random* behaviour policy (off-policy)
Qh = np.zeros((S, A)); visits = np.zeros((S, A))
for s, a, r, s2 in trajectory(N):                    # behaviour: random; target: greedy w.r.t. Qh
    visits[s, a] += 1
    lr = 1.0 / visits[s, a] ** 0.7                     # Robbins-Monro: sum lr = inf, sum lr^2 < inf
    Qh[s, a] += lr * (r + gamma * Qh[s2].max() - Qh[s, a])

err = np.abs(Qh - Q_star).max()
print(f"max |Q_learned - Q*| = {err:.3f}   (|Q*| up to {np.abs(Q_star).max():.2f})")
print("greedy policy learned:", Qh.argmax(1), " optimal:", Q_star.argmax(1))
assert err < 0.25
assert np.array_equal(Qh.argmax(1), Q_star.argmax(1))

# 3) what the behaviour policy is worth: evaluating the *random* policy gives a different, lower value
V_rand = np.linalg.solve(np.eye(S) - gamma * P.mean(axis=1), Rmean.mean(axis=1))
print("V* =", Q_star.max(1).round(2), "\nV_random =", V_rand.round(2))
assert np.all(Q_star.max(1) > V_rand)   # Q-learning learned the greedy policy's value, not the data's policy

# 4) constant, too-large step size does not converge: it keeps tracking the reward noise
Qc = np.zeros((S, A))
for s, a, r, s2 in trajectory(N):
    Qc[s, a] += 0.5 * (r + gamma * Qc[s2].max() - Qc[s, a])
print(f"constant lr=0.5: max error {np.abs(Qc - Q_star).max():.3f}")
assert np.abs(Qc - Q_star).max() > 2 * err
