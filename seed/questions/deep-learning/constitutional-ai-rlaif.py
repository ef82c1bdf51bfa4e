"""RLAIF in miniature (PyTorch): an AI labeler judges pairs against a principle, its verdicts
become soft labels for a preference model. A position-biased labeler plus a data pipeline
that always shows the longer answer first teaches the preference model to love length;
averaging both orders removes the bias."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)
n, d = 6000, 4
# features of each response: [helpfulness, harmlessness, specificity, length]
w_principle = torch.tensor([1.0, 1.5, 0.5, 0.0])   # what the constitution asks for: length is irrelevant
ya, yb = torch.randn(n, d), torch.randn(n, d)
# pipeline quirk: the longer response is always shown first
swap = ya[:, 3] < yb[:, 3]
first = torch.where(swap[:, None], yb, ya)
second = torch.where(swap[:, None], ya, yb)

POS_BIAS = 1.0                                      # labeler adds +1 logit to whatever is shown first


def ai_labeler(x_first, x_second):
    """P(first is better) from the labeler's normalised probabilities of the tokens '(A)' and '(B)'."""
    return torch.sigmoid((x_first - x_second) @ w_principle + POS_BIAS)


p_one_order = ai_labeler(first, second)
p_debiased = 0.5 * (ai_labeler(first, second) + (1 - ai_labeler(second, first)))   # average probabilities
p_logit_avg = torch.sigmoid(0.5 * (torch.logit(ai_labeler(first, second)) - torch.logit(ai_labeler(second, first))))
# swapping the order of a debiased label gives exactly the complement
assert torch.allclose(p_debiased + 0.5 * (ai_labeler(second, first) + 1 - ai_labeler(first, second)),
                      torch.ones(n), atol=1e-6)
print(f"mean P(first wins): one order {p_one_order.mean():.3f}, debiased {p_debiased.mean():.3f}")


def train_pm(target):
    """Linear preference model r(y) = w.y trained with the Bradley-Terry loss on soft labels."""
    w = torch.zeros(d, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.05)
    for _ in range(400):
        logit = (first - second) @ w
        loss = F.binary_cross_entropy_with_logits(logit, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return w.detach()


w_biased = train_pm(p_one_order)
w_clean = train_pm(p_debiased)
w_logit = train_pm(p_logit_avg)
hard = (torch.rand(n) < p_logit_avg).float()         # sampled 0/1 labels instead of probabilities
w_hard = train_pm(hard)
print("learned weights, one order:", w_biased.numpy().round(2))
print("learned weights, debiased :", w_clean.numpy().round(2))
print("learned weights, logit avg:", w_logit.numpy().round(2))
print("learned weights, hard 0/1 :", w_hard.numpy().round(2))

assert w_biased[3] > 0.3                       # position bias became a length preference
assert abs(w_clean[3]) < 0.05                  # both orders: no length preference
# averaging probabilities of sigma(z+b) and sigma(z-b) flattens them: right direction, shrunk scale
assert F.cosine_similarity(w_clean, w_principle, 0) > 0.999 and w_clean.norm() < 0.9 * w_principle.norm()
# averaging the two LOGITS cancels the bias exactly and recovers the principle's weights
assert torch.allclose(w_logit, w_principle, atol=0.05)
# hard labels are unbiased too, but noisier: further from the truth than soft labels
assert (w_hard - w_principle).norm() > (w_logit - w_principle).norm()
