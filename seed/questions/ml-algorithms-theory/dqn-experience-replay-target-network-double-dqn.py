"""Maximisation bias: why max over noisy Q-estimates overestimates, and how Double Q-learning fixes it."""
import numpy as np

rng = np.random.default_rng(0)

# 1) The bias in one line: all 10 actions are truly worth 0, estimates carry N(0, 1) noise.
est = rng.normal(0, 1, size=(200_000, 10))
single = est.max(axis=1).mean()
# double estimator: pick the argmax with one independent estimate, evaluate it with another
est2 = rng.normal(0, 1, size=est.shape)
double = est2[np.arange(len(est)), est.argmax(axis=1)].mean()
print(f"E[max_a Q_hat] = {single:.3f} (true max = 0);  double estimator = {double:.3f}")
assert abs(single - 1.539) < 0.01      # expected maximum of 10 standard normals is 1.539
assert abs(double) < 0.01

# 2) Sutton & Barto's example 6.7: from A, 'right' ends with reward 0; 'left' goes to B,
#    where each of 10 actions ends with reward ~ N(-0.1, 1). Going left is worse (-0.1 < 0).
def run(double_q, episodes=300, runs=2_000, n_b=10, alpha=0.1, eps=0.1):
    QA = np.zeros((runs, 2, 2))               # [run, table, action]  action 0 = left, 1 = right
    QB = np.zeros((runs, 2, n_b))
    left = np.zeros(episodes)
    rows = np.arange(runs)
    for ep in range(episodes):
        qa = QA.sum(axis=1)                   # act on the sum of both tables (just one table if not double)
        greedy = np.where(qa[:, 0] > qa[:, 1], 0, np.where(qa[:, 0] < qa[:, 1], 1, rng.integers(0, 2, runs)))
        a = np.where(rng.random(runs) < eps, rng.integers(0, 2, runs), greedy)
        left[ep] = np.mean(a == 0)
        k = rng.integers(0, 2, runs) if double_q else np.zeros(runs, dtype=int)   # which table to update
        # runs that went right: terminal, reward 0
        r_ = a == 1
        QA[rows[r_], k[r_], 1] += alpha * (0 - QA[rows[r_], k[r_], 1])
        # runs that went left: reward 0 now, then act in B
        l_ = rows[a == 0]; kl = k[a == 0]
        qb = QB[l_].sum(axis=1)
        b = np.where(rng.random(len(l_)) < eps, rng.integers(0, n_b, len(l_)), qb.argmax(axis=1))
        if double_q:   # select with the table being updated, evaluate with the other one
            target = QB[l_, 1 - kl, QB[l_, kl].argmax(axis=1)]
        else:
            target = QB[l_, 0].max(axis=1)
        QA[l_, kl, 0] += alpha * (gamma_ * target - QA[l_, kl, 0])
        QB[l_, kl, b] += alpha * (rng.normal(-0.1, 1, len(l_)) - QB[l_, kl, b])
    return left


gamma_ = 1.0
q_left = run(double_q=False)
dq_left = run(double_q=True)
print(f"share of 'left' (the worse action) in episodes 1-20: Q-learning {q_left[:20].mean():.2f}, "
      f"Double Q {dq_left[:20].mean():.2f}")
print(f"episodes 200-300: Q-learning {q_left[200:].mean():.3f}, Double Q {dq_left[200:].mean():.3f}, "
      f"optimal under eps=0.1: 0.05")
assert q_left[:20].mean() > 0.3                 # Q-learning is lured left early by the max over noisy B-values
assert q_left[:20].mean() > 2 * dq_left[:20].mean()
assert dq_left[200:].mean() < 0.1 < q_left[200:].mean()   # Double Q near the eps-greedy floor of 0.05; Q-learning still above
