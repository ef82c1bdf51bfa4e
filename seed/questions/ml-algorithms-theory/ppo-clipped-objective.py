"""PPO's clipped surrogate in PyTorch: its gradient, where it switches off, and why it keeps many epochs on one batch safe."""
import torch

torch.manual_seed(0)
eps = 0.2


def clipped_surrogate(logp_new, logp_old, adv):
    ratio = torch.exp(logp_new - logp_old)
    return torch.min(ratio * adv, torch.clamp(ratio, 1 - eps, 1 + eps) * adv).mean()


# 1) At ratio = 1 the clipped objective has exactly the policy-gradient (REINFORCE-with-advantage) gradient.
logits = torch.randn(5, 4, requires_grad=True)
a = torch.tensor([0, 1, 2, 3, 1]); adv = torch.tensor([1.0, -0.5, 2.0, -1.0, 0.3])
logp = torch.log_softmax(logits, -1)[torch.arange(5), a]
g_ppo, = torch.autograd.grad(clipped_surrogate(logp, logp.detach(), adv), logits, retain_graph=True)
g_pg, = torch.autograd.grad((logp * adv).mean(), logits)
assert torch.allclose(g_ppo, g_pg)

# 2) The gradient vanishes once the ratio has moved past the clip *in the direction the advantage favours*,
#    but not when it moved the wrong way (the min keeps the pessimistic branch).
def grad_wrt_logratio(log_ratio, A):
    x = torch.tensor(log_ratio, requires_grad=True)
    clipped_surrogate(x, torch.tensor(0.0), torch.tensor(A)).backward()
    return x.grad.item()

cases = {("ratio 1.3, A>0", 1.3, 1.0): 0.0, ("ratio 0.7, A<0", 0.7, -1.0): 0.0,
         ("ratio 0.7, A>0", 0.7, 1.0): 0.7, ("ratio 1.3, A<0", 1.3, -1.0): -1.3}
for (name, ratio, A), expected in cases.items():
    g = grad_wrt_logratio(torch.log(torch.tensor(ratio)).item(), A)
    print(f"{name}: d objective / d log ratio = {g:+.2f}")
    assert abs(g - expected) < 1e-5

# 3) Many epochs on one batch: the plain importance-weighted surrogate runs away, the clipped one stays close.
n, K = 512, 6
old_logits = torch.zeros(K)                                   # old policy: uniform over 6 actions
acts = torch.distributions.Categorical(logits=old_logits).sample((n,))
true_reward = torch.tensor([1.0, 0.8, 0.6, 0.4, 0.2, 0.0])
rew = true_reward[acts] + torch.randn(n)                      # noisy rewards
A = rew - rew.mean()                                          # advantages with a mean baseline
logp_old = torch.log_softmax(old_logits, -1)[acts]


def train(clip, epochs=100, lr=0.1):
    th = old_logits.clone().requires_grad_(True)
    opt = torch.optim.SGD([th], lr=lr)
    for _ in range(epochs):
        lp = torch.log_softmax(th, -1)[acts]
        obj = clipped_surrogate(lp, logp_old, A) if clip else (torch.exp(lp - logp_old) * A).mean()
        opt.zero_grad(); (-obj).backward(); opt.step()
    p_new = torch.softmax(th.detach(), -1); p_old = torch.softmax(old_logits, -1)
    kl = (p_old * (p_old.log() - p_new.log())).sum().item()
    ratios = (p_new / p_old)[acts]
    return kl, ratios.max().item(), p_new


kl_u, rmax_u, p_u = train(clip=False)
kl_c, rmax_c, p_c = train(clip=True)
print(f"unclipped: KL(old||new)={kl_u:.3f}, max ratio={rmax_u:.2f}, P(best action)={p_u[0]:.2f}")
print(f"clipped:   KL(old||new)={kl_c:.3f}, max ratio={rmax_c:.2f}, P(best action)={p_c[0]:.2f}")
assert kl_u > 5 * kl_c
assert rmax_c < 1 + eps + 0.15                 # ratios stay near the trust region (clipping is per sample, not a hard bound)
assert p_c[0] > 1 / K                          # it still improved: more mass on the best action than uniform
