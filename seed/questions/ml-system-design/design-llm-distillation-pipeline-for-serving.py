"""Distilling a large model into a small one for serving, in PyTorch on a toy task:
soft targets at temperature T vs hard teacher labels on a small transfer set, top-k truncated
teacher targets (what a logit store keeps), and a confidence cascade that sends uncertain
requests back to the teacher, with the cost/quality curve it buys."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
d_in, n_cls = 8, 10

# The "teacher": a fixed wide network (stands in for the 70B model we want to stop calling).
teacher = nn.Sequential(nn.Linear(d_in, 512), nn.ReLU(), nn.Linear(512, n_cls))
with torch.no_grad():
    teacher[2].weight.mul_(2.0)                           # confident but not one-hot outputs


def t_logits(x):
    with torch.no_grad():
        return teacher(x)


X_transfer = torch.randn(600, d_in)                       # prompts we can afford to label with the teacher
X_eval = torch.randn(5000, d_in)                           # held-out production-like traffic
teach_eval = t_logits(X_eval).argmax(1)


def student():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(d_in, 64), nn.ReLU(), nn.Linear(64, n_cls))   # ~30x fewer params


def agreement(m):
    with torch.no_grad():
        return (m(X_eval).argmax(1) == teach_eval).float().mean().item()


def train(m, loss_fn, steps=500):
    opt = torch.optim.Adam(m.parameters(), lr=3e-3, weight_decay=1e-4)
    for _ in range(steps):
        i = torch.randint(0, len(X_transfer), (128,))
        loss = loss_fn(m(X_transfer[i]), t_logits(X_transfer[i]))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return m


def hard(s, t):
    return F.cross_entropy(s, t.argmax(1))


def soft(T):
    def loss(s, t):
        return T * T * F.kl_div(F.log_softmax(s / T, -1), F.softmax(t / T, -1), reduction="batchmean")
    return loss


def topk_renorm(k, T):
    """Naive logit store: keep the teacher's top-k probabilities and renormalise them to sum to 1.
    The student is then told that every other class has probability exactly 0."""
    def loss(s, t):
        p = F.softmax(t / T, -1)
        val, idx = p.topk(k, -1)
        p_k = torch.zeros_like(p).scatter_(-1, idx, val / val.sum(-1, keepdim=True))
        return T * T * F.kl_div(F.log_softmax(s / T, -1), p_k, reduction="batchmean")
    return loss


def topk_bucket(k, T):
    """Better: keep the top-k probabilities plus the leftover mass as one "rest" bucket, and compare
    with the student's probability of the same k classes and of everything else combined."""
    def loss(s, t):
        p = F.softmax(t / T, -1)
        val, idx = p.topk(k, -1)
        target = torch.cat([val, (1 - val.sum(-1, keepdim=True)).clamp_min(1e-12)], -1)
        logq = F.log_softmax(s / T, -1)
        q_top = logq.gather(-1, idx)
        q_rest = torch.log1p(-q_top.exp().sum(-1, keepdim=True).clamp(max=1 - 1e-6))
        return T * T * (target * (target.log() - torch.cat([q_top, q_rest], -1))).sum(-1).mean()
    return loss


res = {
    "hard labels (SFT on teacher outputs)": agreement(train(student(), hard)),
    "soft targets T=2": agreement(train(student(), soft(2.0))),
    "top-3 renormalised, T=2": agreement(train(student(), topk_renorm(3, 2.0))),
    "top-3 + rest bucket, T=2": agreement(train(student(), topk_bucket(3, 2.0))),
}
for k, v in res.items():
    print(f"{k:38s} agreement with teacher {v:.3f}")
assert res["soft targets T=2"] > res["hard labels (SFT on teacher outputs)"] + 0.03
assert abs(res["top-3 + rest bucket, T=2"] - res["soft targets T=2"]) < 0.02   # 3 of 10 numbers suffice
assert res["top-3 renormalised, T=2"] < res["top-3 + rest bucket, T=2"] - 0.05   # fake zeros hurt

# Cascade: serve the student; send the least confident requests (a budget of teacher calls) to the teacher.
s = train(student(), soft(2.0))
with torch.no_grad():
    conf, pred = F.softmax(s(X_eval), -1).max(1)
curve = []
for budget in (0.0, 0.1, 0.2, 0.3, 0.5):
    tau = torch.quantile(conf, budget) if budget > 0 else torch.tensor(-1.0)
    to_teacher = conf < tau
    final = torch.where(to_teacher, teach_eval, pred)
    curve.append((budget, to_teacher.float().mean().item(), (final == teach_eval).float().mean().item()))
print("teacher budget  share sent  agreement  share of disagreements removed")
base = curve[0][2]
for budget, share, agr in curve:
    print(f"    {budget:4.0%}        {share:6.1%}     {agr:.3f}      {(agr - base) / (1 - base):5.0%}")
agrs = [c[2] for c in curve]
assert all(a <= b + 1e-9 for a, b in zip(agrs, agrs[1:]))
# confidence is informative: routing the least confident 20% removes far more than 20% of disagreements
_, share, agr = curve[2]
assert (agr - base) / (1 - base) > 2 * share

# Relative serving cost from a bandwidth-bound decode model (upper-bound tokens/s per GPU):
# step time = (weight bytes + batch x KV bytes per sequence) / (GPUs x 3.35 TB/s), at least compute time.
def tokens_per_gpu(params, gpus, batch, kv_per_token, ctx=650, bw=3.35e12, peak=989e12):
    mem = (2 * params + batch * ctx * kv_per_token) / (gpus * bw)
    comp = 2 * params * batch / (gpus * peak)
    return batch / max(mem, comp) / gpus


teacher_tps = tokens_per_gpu(70e9, 8, 256, 320 * 1024)     # 70B, GQA: 320 KiB/token of KV
student_tps = tokens_per_gpu(8e9, 1, 512, 128 * 1024)      # 8B, GQA: 128 KiB/token of KV
c_t, c_s = 1.0, teacher_tps / student_tps
print(f"upper-bound tokens/s per GPU: teacher {teacher_tps:,.0f}, student {student_tps:,.0f} "
      f"-> student costs {c_s:.2f} of the teacher per token")
assert 0.1 < c_s < 0.2
for budget, share, agr in curve:
    print(f"budget {budget:4.0%}: cost {c_s + share * c_t:.2f} x teacher-only, agreement {agr:.3f}")
