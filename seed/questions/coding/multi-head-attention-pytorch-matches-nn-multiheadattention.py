"""Multi-head attention from scratch in PyTorch, checked against torch.nn.MultiheadAttention
(same weights): outputs, head-averaged attention weights, padding + causal masks, gradients."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class MyMultiheadAttention(nn.Module):
    def __init__(self, embed_dim, num_heads):
        super().__init__()
        assert embed_dim % num_heads == 0, "embed_dim must split evenly into heads"
        self.E, self.H, self.Dh = embed_dim, num_heads, embed_dim // num_heads
        self.in_proj = nn.Linear(embed_dim, 3 * embed_dim)      # packed W_q; W_k; W_v
        self.out_proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, q, k, v, key_padding_mask=None, attn_mask=None):
        """q: (B, Lq, E), k/v: (B, Lk, E); masks are boolean with True = NOT allowed.
        key_padding_mask: (B, Lk); attn_mask: (Lq, Lk). Returns (out, weights averaged over heads)."""
        B, Lq, _ = q.shape
        Lk = k.shape[1]
        Wq, Wk, Wv = self.in_proj.weight.chunk(3, dim=0)
        bq, bk, bv = self.in_proj.bias.chunk(3)

        def heads(x, W, b, L):          # (B, L, E) -> (B, H, L, Dh)
            return F.linear(x, W, b).view(B, L, self.H, self.Dh).transpose(1, 2)

        Q, K, V = heads(q, Wq, bq, Lq), heads(k, Wk, bk, Lk), heads(v, Wv, bv, Lk)
        scores = Q @ K.transpose(-2, -1) / math.sqrt(self.Dh)   # (B, H, Lq, Lk)
        if attn_mask is not None:
            scores = scores.masked_fill(attn_mask, float("-inf"))
        if key_padding_mask is not None:
            scores = scores.masked_fill(key_padding_mask[:, None, None, :], float("-inf"))
        weights = scores.softmax(dim=-1)                          # over keys, not queries
        out = (weights @ V).transpose(1, 2).reshape(B, Lq, self.E)   # concat heads
        return self.out_proj(out), weights.mean(dim=1)


B, L, E, H = 3, 6, 16, 4
mine = MyMultiheadAttention(E, H)
ref = nn.MultiheadAttention(E, H, batch_first=True, dropout=0.0)
with torch.no_grad():                                             # share the exact weights
    ref.in_proj_weight.copy_(mine.in_proj.weight)
    ref.in_proj_bias.copy_(mine.in_proj.bias)
    ref.out_proj.weight.copy_(mine.out_proj.weight)
    ref.out_proj.bias.copy_(mine.out_proj.bias)

x = torch.randn(B, L, E, requires_grad=True)
lengths = torch.tensor([6, 4, 2])
pad = torch.arange(L)[None, :] >= lengths[:, None]                # True at padding positions
causal = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)

# 1. Self-attention, no mask.
o1, w1 = mine(x, x, x)
r1, rw1 = ref(x, x, x, need_weights=True, average_attn_weights=True)
assert torch.allclose(o1, r1, atol=1e-6) and torch.allclose(w1, rw1, atol=1e-6)

# 2. Padding + causal masks together (a decoder over a padded batch).
o2, w2 = mine(x, x, x, key_padding_mask=pad, attn_mask=causal)
r2, rw2 = ref(x, x, x, key_padding_mask=pad, attn_mask=causal)
assert torch.allclose(o2, r2, atol=1e-6) and torch.allclose(w2, rw2, atol=1e-6)
assert torch.all(w2[pad[:, None, :].expand(B, L, L)] == 0)        # padded keys get no weight
assert torch.all(w2.masked_select(causal.expand(B, L, L)) == 0)    # no looking ahead
assert torch.allclose(w2.sum(-1), torch.ones(B, L))                # rows are distributions

# 3. Cross-attention with a different key length.
mem = torch.randn(B, 9, E)
o3, _ = mine(x, mem, mem)
r3, _ = ref(x, mem, mem)
assert o3.shape == (B, L, E) and torch.allclose(o3, r3, atol=1e-6)

# 4. Gradients agree, for the input and for the packed projection weight.
g_mine = torch.autograd.grad(o2.pow(2).sum(), [x, mine.in_proj.weight])
g_ref = torch.autograd.grad(r2.pow(2).sum(), [x, ref.in_proj_weight])
assert all(torch.allclose(a, b, atol=1e-5) for a, b in zip(g_mine, g_ref))

# 5. A classic bug: splitting heads with view(B, H, L, Dh) instead of view(B, L, H, Dh).transpose.
Qp = F.linear(x, mine.in_proj.weight[:E], mine.in_proj.bias[:E])
right = Qp.view(B, L, H, E // H).transpose(1, 2)
wrong = Qp.view(B, H, L, E // H)
assert right.shape == wrong.shape and not torch.allclose(right, wrong)

n_params = sum(p.numel() for p in mine.parameters())
assert n_params == 4 * E * E + 4 * E == sum(p.numel() for p in ref.parameters())
print(f"max |mine - torch| = {(o2 - r2).abs().max().item():.2e}; params = {n_params}")
