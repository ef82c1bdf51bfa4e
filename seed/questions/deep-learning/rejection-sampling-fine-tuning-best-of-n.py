"""Best-of-n and rejection-sampling fine-tuning (RFT / expert iteration), checked exactly:
(1) the best-of-n distribution and its KL, vs the log n - (n-1)/n formula;
(2) one round of RFT with enough samples converges to pi(y | correct), at KL = -log P(correct);
(3) the RFT gradient is REINFORCE with a 0/1 reward, rescaled by the number of kept samples."""
import math
import torch

torch.manual_seed(0)

# ---- 1) best-of-n on a discrete policy --------------------------------------------------------
M = 2000
base = torch.softmax(torch.randn(M, dtype=torch.float64), 0)    # reference policy over M responses
reward = torch.randn(M, dtype=torch.float64)                     # distinct rewards -> a strict order
order = torch.argsort(reward)
cdf = torch.cumsum(base[order], 0)
cdf_prev = torch.cat([torch.zeros(1, dtype=torch.float64), cdf[:-1]])
for n in [1, 4, 16, 64]:
    bon = torch.zeros(M, dtype=torch.float64)
    bon[order] = cdf ** n - cdf_prev ** n                        # P(best of n draws is this response)
    kl = torch.sum(bon * torch.log(bon / base)).item()
    bound = math.log(n) - (n - 1) / n
    win = torch.sum(bon * reward).item()
    print(f"n={n:3d}: KL {kl:.3f} (formula {bound:.3f}), mean reward {win:+.3f}")
    assert abs(bon.sum().item() - 1) < 1e-9
    assert kl <= bound + 1e-9 and kl > bound - 0.05              # tight when no response has large mass

# ---- 2) one round of rejection-sampling fine-tuning -------------------------------------------
K = 10
logits_old = torch.randn(K)
pi_old = torch.softmax(logits_old, 0)
correct = torch.zeros(K, dtype=torch.bool)
correct[[2, 7]] = True
p_correct = pi_old[correct].sum().item()
samples = torch.multinomial(pi_old, 40000, replacement=True)
kept = samples[correct[samples]]                                   # rejection: keep verified answers
logits = logits_old.clone().requires_grad_(True)                   # fine-tune, starting from the policy
opt = torch.optim.Adam([logits], lr=0.1)
for _ in range(500):
    loss = -torch.log_softmax(logits, 0)[kept].mean()              # SFT on the kept samples
    opt.zero_grad()
    loss.backward()
    opt.step()
pi_new = torch.softmax(logits.detach(), 0)
target = torch.where(correct, pi_old, torch.zeros(K)) / p_correct
kl_new = torch.sum(pi_new[correct] * torch.log(pi_new[correct] / pi_old[correct])).item()
print(f"P(correct) {p_correct:.3f} -> {pi_new[correct].sum().item():.3f}; "
      f"KL(new || old) {kl_new:.3f} vs -log P(correct) {-math.log(p_correct):.3f}")
assert torch.allclose(pi_new[correct], target[correct], atol=0.02)  # the conditional pi(y | correct)
assert abs(kl_new + math.log(p_correct)) < 0.05
# relative odds among correct answers are unchanged: RFT does not prefer one correct answer
assert abs(pi_new[2] / pi_new[7] - pi_old[2] / pi_old[7]) < 0.05 * (pi_old[2] / pi_old[7])

# ---- 3) RFT gradient = REINFORCE with reward 1[correct] / (number kept) ---------------------
batch = torch.multinomial(pi_old, 64, replacement=True)
r = correct[batch].float()
th = logits_old.clone().requires_grad_(True)
(-torch.log_softmax(th, 0)[batch[r == 1]].mean()).backward()
g_rft = th.grad.clone()
th.grad = None
(-(r * torch.log_softmax(th, 0)[batch]).sum() / r.sum()).backward()
assert torch.allclose(g_rft, th.grad, atol=1e-6)
print("RFT gradient equals the 0/1-reward policy gradient divided by the number of kept samples")
