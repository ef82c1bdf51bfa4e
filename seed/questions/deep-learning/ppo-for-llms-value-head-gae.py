"""PPO for an LLM, the pieces that differ from textbook RL, in PyTorch:
per-token rewards (KL penalty at every token, reward-model score at the last), GAE with a
value head over a padded batch, and the clipped policy and value losses."""
import torch

torch.manual_seed(0)
B, T = 3, 6
lengths = torch.tensor([6, 4, 2])                        # response lengths; the rest is padding
mask = (torch.arange(T)[None, :] < lengths[:, None]).float()
logp_old = -torch.rand(B, T) * 2                         # log pi_old(token) from the rollout
logp_ref = logp_old - 0.1 * torch.randn(B, T)            # reference (SFT) model log-probs
rm_score = torch.tensor([1.0, -0.5, 2.0])                # reward model, one scalar per response
values_old = torch.randn(B, T) * 0.3                     # value head outputs at each token
beta, gamma, lam = 0.05, 1.0, 0.95


def per_token_rewards(logp, logp_ref, rm_score, mask, beta):
    r = -beta * (logp - logp_ref) * mask                 # KL penalty (k1) at every response token
    last = (mask.sum(1) - 1).long()
    r[torch.arange(len(r)), last] += rm_score            # sequence-level score on the final token
    return r


def gae(rewards, values, mask, gamma, lam):
    adv = torch.zeros_like(rewards)
    next_adv = torch.zeros(len(rewards))
    next_val = torch.zeros(len(rewards))                 # value after the last token is 0 (episode ends)
    for t in reversed(range(rewards.shape[1])):
        m = mask[:, t]
        delta = rewards[:, t] + gamma * next_val - values[:, t]
        next_adv = (delta + gamma * lam * next_adv) * m
        adv[:, t] = next_adv
        next_val = values[:, t] * m                      # padding positions contribute nothing
    return adv, adv + values                             # advantages, return targets for the value head


r = per_token_rewards(logp_old, logp_ref, rm_score, mask, beta)
# total reward of a response = RM score - beta * sum of per-token log ratios (the sequence KL sample)
assert torch.allclose(r.sum(1), rm_score - beta * ((logp_old - logp_ref) * mask).sum(1))

adv, returns = gae(r, values_old, mask, gamma, lam)
assert torch.all(adv[mask == 0] == 0)
# lambda = 1: advantage = (sum of future rewards) - V, i.e. Monte Carlo return minus baseline
adv1, _ = gae(r, values_old, mask, 1.0, 1.0)
mc = torch.flip(torch.cumsum(torch.flip(r, [1]), 1), [1])
assert torch.allclose(adv1[mask == 1], (mc - values_old)[mask == 1], atol=1e-6)
# lambda = 0: advantage = one-step TD error r_t + V_{t+1} - V_t
adv0, _ = gae(r, values_old, mask, 1.0, 0.0)
v_next = torch.cat([values_old[:, 1:], torch.zeros(B, 1)], 1) * torch.cat([mask[:, 1:], torch.zeros(B, 1)], 1)
assert torch.allclose(adv0[mask == 1], (r + v_next - values_old)[mask == 1], atol=1e-6)


def masked_whiten(x, mask):
    mu = (x * mask).sum() / mask.sum()
    var = (((x - mu) * mask) ** 2).sum() / mask.sum()
    return (x - mu) / torch.sqrt(var + 1e-8) * mask


def ppo_losses(logp, logp_old, adv, values, values_old, returns, mask, eps=0.2, eps_v=0.2):
    ratio = torch.exp(logp - logp_old)
    pg = -torch.min(ratio * adv, torch.clamp(ratio, 1 - eps, 1 + eps) * adv)
    v_clip = values_old + torch.clamp(values - values_old, -eps_v, eps_v)
    vf = 0.5 * torch.max((values - returns) ** 2, (v_clip - returns) ** 2)
    n = mask.sum()
    clipfrac = (((ratio - 1).abs() > eps).float() * mask).sum() / n
    return (pg * mask).sum() / n, (vf * mask).sum() / n, clipfrac


adv_w = masked_whiten(adv, mask)
assert abs(((adv_w * mask).sum() / mask.sum()).item()) < 1e-5

# one optimisation step on the policy log-probs: ratios that leave [0.8, 1.2] in the direction the
# advantage wants get zero gradient
logp = (logp_old + torch.tensor([0.5, -0.5, 0.0, 0.0, 0.0, 0.0])).clone().requires_grad_(True)
values = values_old.clone().requires_grad_(True)
pg_loss, vf_loss, clipfrac = ppo_losses(logp, logp_old, adv_w, values, values_old, returns, mask)
(pg_loss + 0.1 * vf_loss).backward()
print(f"policy loss {pg_loss.item():.4f}, value loss {vf_loss.item():.4f}, clip fraction {clipfrac.item():.3f}")
for b in range(B):
    for t, shift in [(0, 0.5), (1, -0.5)]:
        if mask[b, t] == 0:
            continue
        a = adv_w[b, t].item()
        pushing_further = (shift > 0 and a > 0) or (shift < 0 and a < 0)
        if pushing_further:                               # already outside the trust region: clipped
            assert logp.grad[b, t].item() == 0.0
        else:                                             # moving back is never clipped
            assert logp.grad[b, t].item() != 0.0
assert torch.all(logp.grad[mask == 0] == 0) and torch.all(values.grad[mask == 0] == 0)
