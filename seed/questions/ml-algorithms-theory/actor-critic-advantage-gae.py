"""GAE in PyTorch: the recursion, its lambda=0 / lambda=1 limits, the bias-variance dial, and a small actor-critic."""
import torch

torch.manual_seed(0)


def gae(rewards, values, last_value, dones, gamma, lam):
    """rewards, values, dones: (T, B). Returns advantages (T, B) via A_t = delta_t + gamma*lam*(1-d_t)*A_{t+1}."""
    T = rewards.shape[0]
    adv = torch.zeros_like(rewards); next_adv = torch.zeros_like(last_value); next_v = last_value
    for t in reversed(range(T)):
        nonterm = 1.0 - dones[t]
        delta = rewards[t] + gamma * next_v * nonterm - values[t]
        next_adv = delta + gamma * lam * nonterm * next_adv
        adv[t] = next_adv; next_v = values[t]
    return adv


# 1) limits: lambda = 0 gives the TD error, lambda = 1 gives (discounted return with bootstrap at the end) - V
T, B, g = 6, 3, 0.9
r, v, v_last = torch.randn(T, B), torch.randn(T, B), torch.randn(B)
d = torch.zeros(T, B)
delta = r + g * torch.cat([v[1:], v_last[None]]) - v
assert torch.allclose(gae(r, v, v_last, d, g, 0.0), delta)
ret = torch.zeros(T, B); run = v_last.clone()
for t in reversed(range(T)):
    run = r[t] + g * run; ret[t] = run
assert torch.allclose(gae(r, v, v_last, d, g, 1.0), ret - v, atol=1e-5)
# general lambda equals the explicit sum  sum_k (gamma*lam)^k delta_{t+k}
lam = 0.7
explicit = torch.stack([sum((g * lam) ** k * delta[t + k] for k in range(T - t)) for t in range(T)])
assert torch.allclose(gae(r, v, v_last, d, g, lam), explicit, atol=1e-5)

# 2) bias-variance dial: estimate V(s0) of a random Markov reward process with a *wrong* critic V_hat = V + error
S, gamma, L, N = 12, 0.95, 150, 4000
P = torch.distributions.Dirichlet(torch.full((S,), 0.3)).sample((S,))
rbar = torch.randn(S)
V = torch.linalg.solve(torch.eye(S) - gamma * P, rbar)           # true values
c = 1.0
V_hat = V + c                                                     # critic that is optimistic by c everywhere
s = torch.zeros(N, dtype=torch.long); states = [];  rews = []
for t in range(L):
    states.append(s); rews.append(rbar[s] + torch.randn(N))        # noisy rewards
    s = torch.multinomial(P[s], 1).squeeze(1)
states = torch.stack(states); rews = torch.stack(rews)
print(" lambda   bias of lambda-return   sd")
stats = []
for lam in (0.0, 0.5, 0.9, 0.97, 1.0):
    A = gae(rews, V_hat[states], V_hat[s], torch.zeros(L, N), gamma, lam)
    G0 = A[0] + V_hat[0]                                          # lambda-return from s0 = advantage + V_hat(s0)
    bias, sd = (G0.mean() - V[0]).item(), G0.std().item()
    stats.append((abs(bias), sd))
    theory = c * (1 - (1 - gamma) / (1 - gamma * lam))            # bias of a lambda-return with a constant critic offset c
    print(f"  {lam:4.2f}      {bias:+.3f} (theory {theory:+.3f})   {sd:.3f}")
    assert abs(bias - theory) < 4 * sd / N ** 0.5 + 0.01
sds = [x[1] for x in stats]
assert all(a < b for a, b in zip(sds, sds[1:]))                  # variance grows with lambda
biases = [x[0] for x in stats]
assert all(a > b for a, b in zip(biases, biases[1:]))             # bias shrinks with lambda: lambda=1 is Monte Carlo

# 3) advantage actor-critic (GAE lambda=0.95) on a 10-state chain: reach state 9 within 20 steps
Nc, H = 10, 20
actor = torch.nn.Sequential(torch.nn.Linear(Nc, 32), torch.nn.Tanh(), torch.nn.Linear(32, 2))
critic = torch.nn.Sequential(torch.nn.Linear(Nc, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
opt = torch.optim.Adam(list(actor.parameters()) + list(critic.parameters()), lr=0.01)
eye = torch.eye(Nc); succ = []
for it in range(120):
    s = torch.zeros(32, dtype=torch.long); alive = torch.ones(32)
    logps, vals, rs, dones, masks = [], [], [], [], []
    for t in range(H):
        dist = torch.distributions.Categorical(logits=actor(eye[s]))
        a = dist.sample(); s2 = torch.clamp(s + 2 * a - 1, 0, Nc - 1)
        done = (s2 == Nc - 1).float()
        logps.append(dist.log_prob(a)); vals.append(critic(eye[s]).squeeze(-1))
        rs.append(done * alive); dones.append(done); masks.append(alive.clone())
        alive = alive * (1 - done); s = torch.where(done.bool(), torch.zeros_like(s2), s2)   # restart after goal
    vals_t = torch.stack(vals)
    with torch.no_grad():
        adv = gae(torch.stack(rs), vals_t, critic(eye[s]).squeeze(-1), torch.stack(dones), 0.99, 0.95)
    m = torch.stack(masks)
    loss = -(torch.stack(logps) * adv * m).sum() / m.sum() + (((adv + vals_t.detach()) - vals_t) ** 2 * m).sum() / m.sum()
    opt.zero_grad(); loss.backward(); opt.step()
    succ.append(torch.stack(rs).sum(0).mean().item())
print(f"actor-critic success: first 10 iters {sum(succ[:10]) / 10:.2f}, last 10 {sum(succ[-10:]) / 10:.2f}")
assert sum(succ[-10:]) / 10 > 0.95
