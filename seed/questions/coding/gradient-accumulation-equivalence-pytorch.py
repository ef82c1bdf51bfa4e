"""Gradient accumulation: when K micro-batches reproduce one large batch exactly, and the
three ways it silently does not (loss scaling, unequal token counts, BatchNorm)."""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)          # float64 so "equal" means equal up to ~1e-12

X, y = torch.randn(32, 10), torch.randint(0, 3, (32,))
base = nn.Sequential(nn.Linear(10, 16), nn.Tanh(), nn.Linear(16, 3))


def grads(m):
    return [p.grad.clone() for p in m.parameters()]


def close(a, b, tol=1e-10):
    return all(torch.allclose(u, v, atol=tol, rtol=0) for u, v in zip(a, b))


# ---- 1. Equal micro-batches: divide each mean loss by K ----
big = copy.deepcopy(base)
F.cross_entropy(big(X), y).backward()
g_big = grads(big)

K = 4
acc = copy.deepcopy(base)
for xb, yb in zip(X.chunk(K), y.chunk(K)):
    (F.cross_entropy(acc(xb), yb) / K).backward()   # .backward() ADDS into .grad
assert close(grads(acc), g_big)

noscale = copy.deepcopy(base)
for xb, yb in zip(X.chunk(K), y.chunk(K)):
    F.cross_entropy(noscale(xb), yb).backward()     # forgot / K
assert close(grads(noscale), [K * g for g in g_big])  # K times too large: an lr bug in disguise

# ---- 2. The optimizer step after accumulation equals the large-batch step (AdamW) ----
def step(model, micro):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.1)
    for _ in range(3):                              # three optimizer steps
        opt.zero_grad()
        for xb, yb in zip(X.chunk(micro), y.chunk(micro)):
            (F.cross_entropy(model(xb), yb) / micro).backward()
        opt.step()
    return [p.detach().clone() for p in model.parameters()]

assert close(step(copy.deepcopy(base), 1), step(copy.deepcopy(base), 4), tol=1e-9)

# ---- 3. Token-level losses with unequal lengths: mean-of-means is wrong ----
emb = nn.Embedding(50, 8)
head = nn.Linear(8, 50)
lengths = [30, 2, 2, 2]                            # one long sequence, three short ones
seqs = [torch.randint(0, 50, (L + 1,)) for L in lengths]


def token_losses(s):
    return F.cross_entropy(head(emb(s[:-1])), s[1:], reduction="none")


def zero():
    for p in list(emb.parameters()) + list(head.parameters()):
        p.grad = None


zero()
torch.cat([token_losses(s) for s in seqs]).mean().backward()      # the big-batch objective
g_ref = [head.weight.grad.clone()]
zero()
for s in seqs:                                                      # micro-batch = 1 sequence
    (token_losses(s).mean() / len(seqs)).backward()                 # WRONG: equal weight per seq
g_wrong = [head.weight.grad.clone()]
zero()
total = sum(lengths)
for s in seqs:
    (token_losses(s).sum() / total).backward()                      # RIGHT: sum / global count
g_right = [head.weight.grad.clone()]
err = (g_wrong[0] - g_ref[0]).norm() / g_ref[0].norm()
print(f"mean-of-means relative gradient error: {err:.3f}")
assert close(g_right, g_ref) and err > 0.1
# The short sequences hold 6/36 = 17% of tokens but get 3/4 = 75% of the weight.

# ---- 4. BatchNorm breaks exact equivalence (statistics are per micro-batch) ----
bn_base = nn.Sequential(nn.Linear(10, 16), nn.BatchNorm1d(16), nn.Tanh(), nn.Linear(16, 3))
bn_big, bn_acc = copy.deepcopy(bn_base), copy.deepcopy(bn_base)
F.cross_entropy(bn_big(X), y).backward()
for xb, yb in zip(X.chunk(K), y.chunk(K)):
    (F.cross_entropy(bn_acc(xb), yb) / K).backward()
bn_err = max((a - b).abs().max().item() for a, b in zip(grads(bn_big), grads(bn_acc)))
print(f"BatchNorm max gradient difference: {bn_err:.3e}")
assert bn_err > 1e-3
