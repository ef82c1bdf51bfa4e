"""GRPO in PyTorch: group-normalised advantages, the clipped per-token loss, and how the
choice of loss normalisation (per-sequence mean vs a constant) creates or removes a length bias."""
import torch

torch.manual_seed(0)


def group_advantages(rewards, scale_by_std=True, eps=1e-6):
    """rewards: (num_prompts, G). GRPO: (r - mean) / std within each prompt's group."""
    adv = rewards - rewards.mean(dim=1, keepdim=True)
    if scale_by_std:  # Dr. GRPO drops this division (question-difficulty bias)
        adv = adv / (rewards.std(dim=1, keepdim=True) + eps)
    return adv


def grpo_loss(logp, logp_old, adv, mask, norm="seq-mean", l_max=None, eps_clip=0.2):
    """logp, logp_old, mask: (N, T) per-token; adv: (N,) one advantage per response.
    norm='seq-mean'  : original GRPO, mean over each response's tokens, then over responses
    norm='token-mean': DAPO, sum over all tokens divided by the total number of tokens
    norm='constant'  : Dr. GRPO, sum over tokens divided by a constant (l_max)"""
    ratio = torch.exp(logp - logp_old)
    a = adv[:, None]
    per_tok = -torch.min(ratio * a, torch.clamp(ratio, 1 - eps_clip, 1 + eps_clip) * a) * mask
    if norm == "seq-mean":
        return (per_tok.sum(1) / mask.sum(1)).mean()
    if norm == "token-mean":
        return per_tok.sum() / mask.sum()
    return (per_tok.sum(1) / l_max).mean()


# ---- 1) advantages ------------------------------------------------------------------
r = torch.tensor([[1., 0., 0., 1., 0., 0., 0., 0.],   # 2 of 8 correct
                  [1., 1., 1., 1., 1., 1., 1., 1.]])  # all correct: no signal at all
A = group_advantages(r)
print("advantages:", A.numpy().round(3))
assert torch.allclose(A.mean(1), torch.zeros(2), atol=1e-6)
assert torch.all(A[1] == 0)                        # zero-variance group contributes nothing
# a correct answer on a hard prompt (2/8 solved) gets a larger advantage than the reward gap 1 - 0.25
assert abs(A[0, 0].item() - (1 - 0.25) / r[0].std().item()) < 1e-4

# ---- 2) per-token gradient weight under each normalisation -------------------------
# two wrong answers (advantage -1), 10 and 100 tokens long; on-policy so ratio = 1
T = 100
mask = torch.zeros(2, T)
mask[0, :10] = 1
mask[1, :] = 1
adv = torch.tensor([-1.0, -1.0])
for norm in ["seq-mean", "token-mean", "constant"]:
    logp = torch.zeros(2, T, requires_grad=True)
    grpo_loss(logp, logp.detach(), adv, mask, norm=norm, l_max=T).backward()
    g = logp.grad
    per_token_push = (g[0, 0] / g[1, 0]).item()    # how much harder a token of the short answer is pushed down
    print(f"{norm:10s}: short-answer token pushed {per_token_push:.0f}x as hard as long-answer token")
    if norm == "seq-mean":
        assert abs(per_token_push - 10) < 1e-5    # 1/10 vs 1/100: the long wrong answer is penalised less per token
    else:
        assert abs(per_token_push - 1) < 1e-5     # every token treated alike

# ---- 3) the bias in action ------------------------------------------------------------
# A response is: token 1 = reasoning path (good: 80% correct, bad: 20% correct), token 2 =
# "stop soon" vs "keep going" (20 vs 200 tokens), then filler. Correctness does NOT depend on
# length, so length should not be learned. Params: path logit + one length logit per path.
L_SHORT, L_LONG, G, P = 20, 200, 8, 64


def train(norm, steps=300, lr=50.0, seed=0):
    gen = torch.Generator().manual_seed(seed)
    path_logit = torch.zeros(1, requires_grad=True)
    len_logit = torch.zeros(2, requires_grad=True)       # P(long | path) = sigmoid(len_logit[path])
    opt = torch.optim.SGD([path_logit, len_logit], lr=lr)
    for _ in range(steps):
        p_good = torch.sigmoid(path_logit).expand(P * G)
        good = torch.bernoulli(p_good.detach(), generator=gen).long()
        p_long = torch.sigmoid(len_logit)[1 - good]       # index 0 = good path, 1 = bad path
        long = torch.bernoulli(p_long.detach(), generator=gen)
        correct = torch.bernoulli(torch.where(good == 1, 0.8, 0.2), generator=gen)
        length = torch.where(long == 1, L_LONG, L_SHORT).float()
        # log-prob of the two sampled decisions; the filler tokens carry no parameters
        lp_path = torch.where(good == 1, torch.log(p_good), torch.log(1 - p_good))
        lp_len = torch.where(long == 1, torch.log(p_long), torch.log(1 - p_long))
        adv = group_advantages(correct.view(P, G)).view(-1)
        logp = torch.zeros(P * G, L_LONG)
        logp[:, 0], logp[:, 1] = lp_path, lp_len
        mask = (torch.arange(L_LONG)[None, :] < length[:, None]).float()
        loss = grpo_loss(logp, logp.detach(), adv, mask, norm=norm, l_max=L_LONG)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return torch.sigmoid(path_logit).item(), torch.sigmoid(len_logit).detach()


for norm in ["seq-mean", "constant"]:
    pg, pl = train(norm)
    print(f"{norm:10s}: P(good path)={pg:.2f}  P(long | good)={pl[0]:.2f}  P(long | bad)={pl[1]:.2f}")
    assert pg > 0.9                               # both learn the useful decision
    if norm == "seq-mean":
        assert pl[1] > 0.85 and pl[0] < 0.15       # rambles when failing, terse when succeeding
    else:
        assert 0.4 < pl[0] < 0.6 and 0.4 < pl[1] < 0.6   # no systematic pressure on length
