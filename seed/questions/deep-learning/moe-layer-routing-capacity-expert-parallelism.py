"""A top-k mixture-of-experts layer in PyTorch with GShard-style capacity-limited dispatch,
token dropping, the Switch load-balancing loss and router z-loss; checked against a per-token
reference, then trained to show the balancing loss at work, plus expert-parallel all-to-all volume."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)                                   # tiny tensors: threading only adds overhead


class MoE(nn.Module):
    def __init__(self, d, d_ff, E, k=2, capacity_factor=1.25):
        super().__init__()
        self.E, self.k, self.cf = E, k, capacity_factor
        self.router = nn.Linear(d, E, bias=False)
        self.w1 = nn.Parameter(torch.randn(E, d, d_ff) / math.sqrt(d))      # experts as batched weights
        self.w2 = nn.Parameter(torch.randn(E, d_ff, d) / math.sqrt(d_ff))

    def forward(self, x):                                   # x: (T, d), tokens already flattened
        T = x.shape[0]
        logits = self.router(x)
        probs = logits.softmax(-1)
        gate, idx = probs.topk(self.k, dim=-1)              # (T, k)
        gate = gate / gate.sum(-1, keepdim=True)            # renormalise over chosen experts
        C = math.ceil(self.cf * self.k * T / self.E)        # slots per expert

        # Position of each assignment in its expert's buffer. Priority: every token's 1st choice
        # before any 2nd choice (GShard), then token order.
        onehot = F.one_hot(idx.t().reshape(-1), self.E)     # (k*T, E), rows ordered choice-major
        pos = (onehot.cumsum(0) - 1) * onehot               # running count per expert
        pos = pos.sum(-1).reshape(self.k, T).t()            # (T, k)
        keep = pos < C                                      # overflow -> dropped for this expert

        # dispatch[t, e, c] = 1 if token t sits in slot c of expert e; combine adds the gate weight
        dispatch = torch.zeros(T, self.E, C)
        t_ids = torch.arange(T)[:, None].expand(T, self.k)
        dispatch[t_ids[keep], idx[keep], pos[keep]] = 1.0
        combine = torch.zeros(T, self.E, C)
        combine[t_ids[keep], idx[keep], pos[keep]] = gate[keep]

        expert_in = torch.einsum("tec,td->ecd", dispatch, x)                 # (E, C, d): all-to-all #1
        h = F.gelu(torch.einsum("ecd,edf->ecf", expert_in, self.w1))
        expert_out = torch.einsum("ecf,efd->ecd", h, self.w2)                # all-to-all #2 sends back
        y = torch.einsum("tec,ecd->td", combine, expert_out)

        # Switch load-balancing loss: E * sum_i f_i P_i (f from the first choice, not differentiable)
        f = F.one_hot(idx[:, 0], self.E).float().mean(0)
        P = probs.mean(0)
        aux = self.E * (f * P).sum()
        z_loss = torch.logsumexp(logits, -1).pow(2).mean()                   # ST-MoE router z-loss
        stats = dict(dropped=int((~keep).sum()), capacity=C, load=F.one_hot(idx, self.E).sum((0, 1)))
        return y, aux, z_loss, stats


def reference(moe, x):
    """Loop over tokens, no capacity limit."""
    probs = moe.router(x).softmax(-1)
    gate, idx = probs.topk(moe.k, -1)
    gate = gate / gate.sum(-1, keepdim=True)
    out = torch.zeros_like(x)
    for t in range(x.shape[0]):
        for j in range(moe.k):
            e = idx[t, j]
            out[t] += gate[t, j] * (F.gelu(x[t] @ moe.w1[e]) @ moe.w2[e])
    return out


T, d, d_ff, E = 256, 16, 32, 8
x = torch.randn(T, d)

# 1) with ample capacity the batched dispatch equals the per-token reference
moe = MoE(d, d_ff, E, k=2, capacity_factor=float(E))      # C = k*T: nothing can overflow
y, aux, z, st = moe(x)
assert st["dropped"] == 0 and torch.allclose(y, reference(moe, x), atol=1e-5)
print("dispatch/combine einsums == per-token loop")

# 2) with a tight capacity, overloaded experts drop assignments; a dropped token gets no expert output
moe.cf = 1.0
y, aux, z, st = moe(x)
C = st["capacity"]
assert C == math.ceil(2 * T / E)
expected_drops = int(torch.clamp(st["load"] - C, min=0).sum())
assert st["dropped"] == expected_drops
print(f"capacity {C}/expert, loads {st['load'].tolist()} -> {st['dropped']} of {2*T} assignments dropped")

# 3) the balancing loss equals 1 under uniform routing and sends gradient to the router only through P
uni = MoE(d, d_ff, E)
nn.init.zeros_(uni.router.weight)                          # all probabilities 1/E
_, aux_u, _, _ = uni(x)
assert torch.isclose(aux_u, torch.tensor(1.0))
aux.backward()
assert moe.router.weight.grad.abs().sum() > 0 and moe.w1.grad is None   # experts get no aux gradient


# 4) training: a router initialised to prefer expert 0 collapses without the loss, balances with it
def train(alpha, steps=100):
    torch.manual_seed(1)
    m = MoE(d, d_ff, E, k=2, capacity_factor=1.25)
    with torch.no_grad():                                  # expert 0 aligned with the inputs' common offset
        m.router.weight[0] = 0.6 * X_train.mean(0) / X_train.mean(0).norm()
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    for _ in range(steps):
        y, aux, z, st = m(X_train)
        loss = F.mse_loss(y, Y_train) + alpha * aux + 1e-3 * z
        opt.zero_grad()
        loss.backward()
        opt.step()
    load = st["load"].float() / st["load"].sum()
    return load.max().item(), st["dropped"]


X_train = torch.randn(512, d) + 1.0                        # shared offset so one expert can win everything
Y_train = torch.tanh(X_train @ torch.randn(d, d))
max0, drop0 = train(alpha=0.0)
max1, drop1 = train(alpha=0.05)
print(f"max expert load share: no aux loss {max0:.2f} ({drop0} drops), aux 0.05 {max1:.2f} ({drop1} drops); "
      f"uniform = {1/E:.3f}")
assert max1 < max0 and drop1 < drop0

# 5) expert parallelism: 4 ranks x 2 experts; tokens cross ranks unless routed to a local expert
R, tokens_per_rank = 4, T // 4
_, idx = moe.router(x).softmax(-1).topk(2, -1)
src_rank = torch.arange(T) // tokens_per_rank
dst_rank = idx // (E // R)
remote = int((dst_rank != src_rank[:, None]).sum())
print(f"{remote} of {2*T} assignments leave their rank (uniform routing predicts {2*T*(R-1)/R:.0f})")
bytes_per_token_layer = 2 * 2 * 4096 * 2 * (R - 1) / R     # there and back, k=2, d=4096, bf16
print(f"Mixtral-like layer: {bytes_per_token_layer/1024:.0f} KiB of all-to-all traffic per token (R={R})")
assert abs(bytes_per_token_layer - 24 * 1024) < 1
