"""REINFORCE in PyTorch: the score-function gradient is unbiased, a baseline cuts its variance, and it solves a small chain."""
import torch

torch.manual_seed(0)

# 1) One-step check: J(theta) = sum_a pi(a) r(a). Exact gradient by autograd vs the score-function estimator.
r = torch.tensor([1.0, 2.0, 4.0])                      # rewards of 3 actions (all positive: worst case for no baseline)
theta = torch.tensor([0.5, 0.0, -0.5], requires_grad=True)
J = (torch.softmax(theta, 0) * r).sum()
exact, = torch.autograd.grad(J, theta)

n = 200_000
with torch.no_grad():
    p = torch.softmax(theta, 0)
    a = torch.multinomial(p, n, replacement=True)
    score = torch.nn.functional.one_hot(a, 3).float() - p      # grad log softmax(theta)[a] = e_a - p
    b = (p * r).sum()                                        # baseline = expected reward (state value)
    g_plain = score * r[a, None]
    g_base = score * (r[a, None] - b)
print("exact gradient     ", exact.numpy().round(4))
print("REINFORCE mean     ", g_plain.mean(0).numpy().round(4))
print("with baseline mean ", g_base.mean(0).numpy().round(4))
var_plain, var_base = g_plain.var(0).sum().item(), g_base.var(0).sum().item()
print(f"total variance per sample: no baseline {var_plain:.3f}, baseline {var_base:.3f}")
assert torch.allclose(g_plain.mean(0), exact, atol=0.02)
assert torch.allclose(g_base.mean(0), exact, atol=0.02)      # baseline keeps it unbiased: E[grad log pi] = 0
assert var_base < 0.5 * var_plain

# 2) Episodic REINFORCE with a learned value baseline on a chain: start at 0, reach state 9 within 20 steps.
N, H, gamma = 10, 20, 0.99
policy = torch.nn.Sequential(torch.nn.Linear(N, 32), torch.nn.Tanh(), torch.nn.Linear(32, 2))
value = torch.nn.Sequential(torch.nn.Linear(N, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
opt = torch.optim.Adam(list(policy.parameters()) + list(value.parameters()), lr=0.01)
eye = torch.eye(N)


def rollout(batch):
    s = torch.zeros(batch, dtype=torch.long); alive = torch.ones(batch)
    logps, states, rewards, masks = [], [], [], []
    for t in range(H):
        dist = torch.distributions.Categorical(logits=policy(eye[s]))
        a = dist.sample()
        s_next = torch.clamp(s + 2 * a - 1, 0, N - 1)        # action 1 = right, 0 = left
        rew = (s_next == N - 1).float() * alive               # +1 on reaching the goal, then episode ends
        logps.append(dist.log_prob(a)); states.append(s); rewards.append(rew); masks.append(alive)
        alive = alive * (s_next != N - 1).float(); s = s_next
    return torch.stack(logps), torch.stack(states), torch.stack(rewards), torch.stack(masks)


success = []
for it in range(150):
    logp, states, rew, mask = rollout(64)
    G = torch.zeros_like(rew); running = torch.zeros(rew.shape[1])
    for t in reversed(range(H)):                               # reward-to-go G_t = sum_k gamma^k r_{t+k}
        running = rew[t] + gamma * running; G[t] = running
    v = value(eye[states]).squeeze(-1)
    adv = (G - v).detach()
    loss_pi = -(logp * adv * mask).sum() / mask.sum()
    loss_v = ((G - v) ** 2 * mask).sum() / mask.sum()
    opt.zero_grad(); (loss_pi + 0.5 * loss_v).backward(); opt.step()
    success.append(rew.sum(0).mean().item())

print(f"success rate: first 10 iterations {sum(success[:10]) / 10:.2f}, last 10 {sum(success[-10:]) / 10:.2f}")
with torch.no_grad():
    p_right = torch.softmax(policy(eye), -1)[:, 1]
print("P(right) per state:", p_right.numpy().round(2))
assert sum(success[-10:]) / 10 > 0.95
assert sum(success[:10]) / 10 < 0.8
assert (p_right[:N - 1] > 0.9).all()
