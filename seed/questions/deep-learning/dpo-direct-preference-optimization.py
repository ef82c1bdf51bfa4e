"""DPO: the loss on toy log-probs, its gradient, and a check that minimising it recovers
the KL-regularised RLHF optimum pi* = pi_ref * exp(r / beta) / Z."""
import numpy as np

rng = np.random.default_rng(1)


def log_sigmoid(z):
    return -np.logaddexp(0.0, -z)


def dpo_loss(logp_w, logp_l, ref_w, ref_l, beta):
    """Sequence log-probs (sums over tokens) of chosen (w) and rejected (l) responses."""
    h = beta * ((logp_w - ref_w) - (logp_l - ref_l))   # implicit reward margin
    return -log_sigmoid(h)


# ---- 1) A worked number ------------------------------------------------------------
# Policy raised the chosen response by 2 nats and lowered the rejected one by 1 nat vs reference
loss = dpo_loss(-10.0, -14.0, -12.0, -13.0, beta=0.1)
assert np.isclose(loss, np.log1p(np.exp(-0.3)))          # margin 0.1 * (2 - (-1)) = 0.3
assert np.isclose(dpo_loss(-12.0, -13.0, -12.0, -13.0, 0.1), np.log(2))  # at init: log 2

# ---- 2) Exact DPO on a one-prompt, K-response problem -----------------------------
K, beta = 5, 0.2
r = np.array([1.0, 0.3, -0.5, 0.8, -1.2])     # hidden true rewards
logits_ref = rng.normal(size=K)
ref = logits_ref - np.logaddexp.reduce(logits_ref)  # log pi_ref

# Population preference data: every ordered pair (i, j), weighted by how often i beats j
# under Bradley-Terry with the true reward.
P = 1 / (1 + np.exp(-(r[:, None] - r[None, :])))
np.fill_diagonal(P, 0.0)


def expected_loss_and_grad(theta):
    logp = theta - np.logaddexp.reduce(theta)
    u = beta * (logp - ref)                           # implicit rewards beta * log(pi / pi_ref)
    h = u[:, None] - u[None, :]                       # margin if i is chosen over j
    L = np.sum(P * -log_sigmoid(h))
    # dL/du_i: -sum_j P_ij sigma(-h_ij) + sum_j P_ji sigma(-h_ji)
    s = 1 / (1 + np.exp(h))
    du = -(P * s).sum(1) + (P * s).sum(0)
    dlogp = beta * du
    pi = np.exp(logp)
    dtheta = dlogp - pi * dlogp.sum()                 # back through log-softmax
    return L, dtheta


theta = logits_ref.copy()                             # start the policy at the reference
# finite-difference check of the gradient
L0, g = expected_loss_and_grad(theta)
eps = 1e-6
num = np.array([(expected_loss_and_grad(theta + eps * e)[0] - expected_loss_and_grad(theta - eps * e)[0]) / (2 * eps) for e in np.eye(K)])
assert np.allclose(g, num, atol=1e-6)

for _ in range(4000):
    _, g = expected_loss_and_grad(theta)
    theta -= 2.0 * g

logp = theta - np.logaddexp.reduce(theta)
implicit_r = beta * (logp - ref)
# The implicit reward equals the true reward up to a constant (the beta log Z term)
assert np.allclose(implicit_r - implicit_r.mean(), r - r.mean(), atol=1e-3)
# ... which means the policy is exactly the RLHF optimum
pi_star = np.exp(ref) * np.exp(r / beta)
pi_star /= pi_star.sum()
assert np.allclose(np.exp(logp), pi_star, atol=1e-4)
print("DPO policy :", np.round(np.exp(logp), 4))
print("RLHF optimum:", np.round(pi_star, 4))

# ---- 3) IPO's squared loss targets a finite margin 1/(2 tau) instead of pushing to infinity
tau = 0.1
ipo = lambda h_over_beta: (h_over_beta - 1 / (2 * tau)) ** 2
assert ipo(5.0) == 0.0 and ipo(50.0) > ipo(5.0)        # overshooting is penalised, unlike DPO
assert dpo_loss(0.0, -50.0, 0.0, 0.0, 1.0) < dpo_loss(0.0, -5.0, 0.0, 0.0, 1.0)
