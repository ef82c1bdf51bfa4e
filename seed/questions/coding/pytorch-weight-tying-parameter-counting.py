"""A GPT-style nn.Module with tied input/output embeddings: counting parameters (closed form
vs PyTorch), what tying does to gradients, and two ways tying silently fails."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, d, n_heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.h = n_heads

    def forward(self, x):
        B, T, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q, k, v = (t.view(B, T, self.h, d // self.h).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / (d // self.h) ** 0.5
        att = att.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
        x = x + self.proj((att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class TinyGPT(nn.Module):
    def __init__(self, vocab, d, n_layers, n_heads, ctx, tie=True):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList(Block(d, n_heads) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)
        if tie:
            self.head.weight = self.tok.weight          # the SAME Parameter object

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for b in self.blocks:
            x = b(x)
        return self.head(self.ln_f(x))


def count_formula(V, d, L, ctx, tie=True):
    per_block = 12 * d * d + 13 * d                      # qkv 3d^2+3d, proj d^2+d, mlp 8d^2+5d, 2 LN 4d
    return V * d + ctx * d + L * per_block + 2 * d + (0 if tie else V * d)


def n_params(m):
    return sum(p.numel() for p in m.parameters())       # parameters() yields each tensor once


V, d, L, H, ctx = 100, 32, 2, 4, 16
tied, untied = TinyGPT(V, d, L, H, ctx, tie=True), TinyGPT(V, d, L, H, ctx, tie=False)
assert n_params(tied) == count_formula(V, d, L, ctx) == 29_184
assert n_params(untied) == count_formula(V, d, L, ctx, tie=False) == n_params(tied) + V * d
# state_dict lists the tied tensor under both names: summing it double-counts.
sd_count = sum(t.numel() for t in tied.state_dict().values())
assert sd_count == n_params(tied) + V * d
assert tied.head.weight is tied.tok.weight
assert tied.state_dict()["head.weight"].data_ptr() == tied.state_dict()["tok.weight"].data_ptr()

# GPT-2 small, from the formula: the published "124M" is the TIED count.
gpt2 = count_formula(50257, 768, 12, 1024)
print(f"GPT-2 small: {gpt2:,} tied, {count_formula(50257, 768, 12, 1024, tie=False):,} untied")
assert gpt2 == 124_439_808

# Gradient of a tied weight = sum of the gradients from both uses.
untied.load_state_dict(tied.state_dict())               # same values, separate tensors
idx = torch.randint(0, V, (3, ctx))
for m in (tied, untied):
    F.cross_entropy(m(idx).reshape(-1, V), idx.roll(-1, 1).reshape(-1)).backward()
assert torch.allclose(tied.tok.weight.grad, untied.tok.weight.grad + untied.head.weight.grad,
                      atol=1e-6)

# Failure 1: tying by copying values makes two independent parameters that drift apart.
bad = TinyGPT(V, d, L, H, ctx, tie=False)
bad.head.weight = nn.Parameter(bad.tok.weight.clone())
opt = torch.optim.SGD(bad.parameters(), lr=0.1)
F.cross_entropy(bad(idx).reshape(-1, V), idx.roll(-1, 1).reshape(-1)).backward()
opt.step()
assert not torch.equal(bad.head.weight, bad.tok.weight)

# Failure 2: sharing storage through .data gives two Parameters over one tensor. Plain SGD
# happens to match (two partial updates add up), but Adam normalizes each partial gradient with
# its own moments and applies weight decay twice, so the trajectory differs.
def one_step(m, make_opt):
    o = make_opt(m.parameters())
    F.cross_entropy(m(idx).reshape(-1, V), idx.roll(-1, 1).reshape(-1)).backward()
    o.step()
    return m.tok.weight.detach().clone()

for make_opt, should_match in [(lambda p: torch.optim.SGD(p, lr=0.1), True),
                               (lambda p: torch.optim.AdamW(p, lr=1e-2), False)]:
    tied2 = TinyGPT(V, d, L, H, ctx, tie=True)
    shared = TinyGPT(V, d, L, H, ctx, tie=False)
    shared.load_state_dict(tied2.state_dict())
    shared.head.weight.data = shared.tok.weight.data
    assert n_params(shared) == n_params(tied2) + V * d            # counted twice
    same = torch.allclose(one_step(tied2, make_opt), one_step(shared, make_opt), atol=1e-6)
    assert same == should_match
print(f"params: tied {n_params(tied):,}, untied {n_params(untied):,}; "
      f"embedding share of tied model: {V * d / n_params(tied):.1%}")
