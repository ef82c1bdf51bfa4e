"""RLHF in miniature: (1) fit a Bradley-Terry reward model from pairwise preferences;
(2) check that pi_ref * exp(r / beta) / Z maximises E[r] - beta * KL(pi || pi_ref);
(3) the PPO clipped surrogate."""
import numpy as np

rng = np.random.default_rng(0)

# ---- 1) Reward model from preferences ----------------------------------------------
# Each response is a feature vector; the hidden "true" reward is linear in the features.
d, n_pairs = 5, 4000
w_true = np.array([2.0, -1.0, 0.5, 0.0, 1.5])
xa = rng.normal(size=(n_pairs, d))
xb = rng.normal(size=(n_pairs, d))
p_a_wins = 1 / (1 + np.exp(-(xa - xb) @ w_true))         # Bradley-Terry
a_wins = rng.random(n_pairs) < p_a_wins
chosen = np.where(a_wins[:, None], xa, xb)
rejected = np.where(a_wins[:, None], xb, xa)

w = np.zeros(d)
for _ in range(2000):                                      # gradient descent on -log sigma(r_w - r_l)
    margin = (chosen - rejected) @ w
    grad = -((1 - 1 / (1 + np.exp(-margin)))[:, None] * (chosen - rejected)).mean(0)
    w -= 0.5 * grad
loss = np.mean(np.log1p(np.exp(-(chosen - rejected) @ w)))
cos = w @ w_true / np.linalg.norm(w) / np.linalg.norm(w_true)
print(f"reward-model loss {loss:.3f}, cosine to true reward {cos:.3f}")
assert cos > 0.99                                          # recovers the reward up to noise
assert np.allclose(w, w_true, atol=0.3)                    # BT pins down the scale too
# Only differences are identified: adding a constant to every reward changes nothing
assert np.isclose(np.mean(np.log1p(np.exp(-(((chosen @ w) + 3) - ((rejected @ w) + 3))))), loss)

# ---- 2) The KL-regularised optimum ------------------------------------------------
K, beta = 6, 0.5
pi_ref = rng.dirichlet(np.ones(K))
r = rng.normal(size=K)


def objective(pi):
    return pi @ r - beta * np.sum(pi * np.log(pi / pi_ref), axis=-1)


pi_star = pi_ref * np.exp(r / beta)
pi_star /= pi_star.sum()
best_random = objective(rng.dirichlet(np.ones(K) * 0.5, size=20000)).max()
assert objective(pi_star) >= best_random
# closed form value of the optimum: beta * log Z
assert np.isclose(objective(pi_star), beta * np.log(np.sum(pi_ref * np.exp(r / beta))))
# small beta -> greedy on reward; large beta -> stays at the reference
assert np.argmax(pi_ref * np.exp(r / 0.01)) == np.argmax(r)
big = pi_ref * np.exp(r / 100.0)
assert np.allclose(big / big.sum(), pi_ref, atol=0.01)

# ---- 3) PPO clipped surrogate -------------------------------------------------------
def ppo_clip(ratio, adv, eps=0.2):
    return np.minimum(ratio * adv, np.clip(ratio, 1 - eps, 1 + eps) * adv)


# with a positive advantage the objective stops rewarding ratios above 1 + eps
assert ppo_clip(1.5, 1.0) == ppo_clip(1.2, 1.0) == 1.2
# with a negative advantage it stops rewarding ratios below 1 - eps
assert ppo_clip(0.5, -1.0) == ppo_clip(0.8, -1.0) == -0.8
# but it never hides a bad move: ratio 1.5 with a negative advantage is fully penalised
assert ppo_clip(1.5, -1.0) == -1.5
