"""Spending inference compute: pass@N (coverage), majority voting and best-of-N with an
imperfect verifier, simulated on problems of varying difficulty."""
import numpy as np

rng = np.random.default_rng(0)
n_problems, N_max = 2000, 64

# Each problem: probability a single sample is correct, spread from hard to easy.
p_correct = rng.beta(1.2, 1.2, n_problems)
# Wrong answers are spread over 3 distractors, one of which is "attractive" (a common mistake).
wrong_probs = np.array([0.6, 0.25, 0.15])

answers = np.empty((n_problems, N_max), dtype=int)        # 0 = correct, 1..3 = distractors
for i in range(n_problems):
    correct = rng.random(N_max) < p_correct[i]
    answers[i] = np.where(correct, 0, 1 + rng.choice(3, N_max, p=wrong_probs))

# Verifier score: correct answers score higher on average, but noisily
scores = rng.normal(size=answers.shape) + 1.0 * (answers == 0)


def evaluate(N):
    a, s = answers[:, :N], scores[:, :N]
    coverage = (a == 0).any(1).mean()                       # pass@N: an oracle picks
    counts = np.stack([(a == k).sum(1) for k in range(4)], 1)
    vote = np.argmax(counts + 1e-3 * rng.random(counts.shape), 1) == 0   # random tie-break
    best_of_n = a[np.arange(n_problems), np.argmax(s, 1)] == 0
    return coverage, vote.mean(), best_of_n.mean()


Ns = [1, 4, 16, 64]
res = {N: evaluate(N) for N in Ns}
for N, (cov, vote, bon) in res.items():
    print(f"N={N:3d}  pass@N={cov:.3f}  majority vote={vote:.3f}  best-of-N (verifier)={bon:.3f}")

single = p_correct.mean()
assert abs(res[1][0] - single) < 0.03
# Coverage grows fastest; selection methods lag behind it: the verifier/selection gap
for N in Ns[1:]:
    cov, vote, bon = res[N]
    assert cov >= vote and cov >= bon
assert res[64][0] > 0.95 and res[64][1] < 0.9
# Voting helps on average ...
assert res[16][1] > res[1][1] + 0.05
# ... but on problems where a distractor is more likely than the truth it converges to the
# wrong answer: more samples make those problems *worse*
hard = p_correct < wrong_probs[0] * (1 - p_correct)   # correct less likely than the top distractor
a64 = answers[hard, :64]
counts = np.stack([(a64 == k).sum(1) for k in range(4)], 1)
assert (np.argmax(counts, 1) == 0).mean() < p_correct[hard].mean()

# Majority voting on easy problems (correct answer is the mode) converges to 100%
easy = p_correct > 0.5
a64 = answers[easy, :64]
counts = np.stack([(a64 == k).sum(1) for k in range(4)], 1)
assert (np.argmax(counts, 1) == 0).mean() > 0.97
# Best-of-N with the verifier keeps improving with N here
assert res[1][2] < res[4][2] < res[16][2]
