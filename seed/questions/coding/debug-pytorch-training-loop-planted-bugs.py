"""A PyTorch training loop with five planted bugs, each switchable, and checks that
(1) each bug has a measurable symptom and (2) the fixed loop learns.

Bugs: 'zero_grad'  optimizer.zero_grad() missing, gradients accumulate across steps
      'sum'        CrossEntropyLoss(reduction='sum') with a learning rate tuned for the mean
      'eval_mode'  evaluation without model.eval() / torch.no_grad(): dropout stays on
      'overlap'    train/val split from overlapping slices of one permutation (leakage)
      'scaler'     standardization statistics computed on ALL rows, val included (leakage)
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N, D, C = 1200, 10, 3
X = torch.randn(N, D)
W_true = torch.randn(D, C)
y = (X @ W_true + 0.5 * torch.randn(N, C)).argmax(1)     # a learnable 3-class problem
X = X * 5 + 3                                            # raw features on a bad scale


def make_model():
    return nn.Sequential(nn.Linear(D, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, C))


def split(bugs, seed=0):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(N, generator=g)
    n_val = N // 5
    if "overlap" in bugs:
        tr, va = perm[: N - n_val // 2], perm[N - n_val :]      # BUG: typo n_val // 2
    else:
        tr, va = perm[: N - n_val], perm[N - n_val :]
    fit_rows = torch.arange(N) if "scaler" in bugs else tr                           # BUG
    mu, sd = X[fit_rows].mean(0), X[fit_rows].std(0)
    return (X[tr] - mu) / sd, y[tr], (X[va] - mu) / sd, y[va], tr, va, mu


def evaluate(model, Xv, yv, bugs):
    if "eval_mode" in bugs:
        logits = model(Xv)                                   # BUG: dropout on, graph built
    else:
        model.eval()
        with torch.no_grad():
            logits = model(Xv)
        model.train()
    return (logits.argmax(1) == yv).float().mean().item(), logits


def train(bugs=frozenset(), epochs=15, lr=0.1, bs=64):
    torch.manual_seed(1)
    Xt, yt, Xv, yv, *_ = split(bugs)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss(reduction="sum" if "sum" in bugs else "mean")    # BUG if sum
    losses = []
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(Xt))
        for i in range(0, len(Xt), bs):
            idx = perm[i : i + bs]
            if "zero_grad" not in bugs:
                opt.zero_grad()                                                     # BUG if missing
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            losses.append(loss.item() / (len(idx) if "sum" in bugs else 1))
    acc, _ = evaluate(model, Xv, yv, bugs)
    return model, losses, acc


ALL = {"zero_grad", "sum", "eval_mode", "overlap", "scaler"}

# ---- the fixed loop learns ----
model, losses, acc = train()
first, last = sum(losses[:10]) / 10, sum(losses[-10:]) / 10
print(f"fixed: loss {first:.3f} -> {last:.3f}, val acc {acc:.3f}")
assert last < 0.5 * first and acc > 0.85

# ---- every bug has a symptom you can test for ----
# 1. Missing zero_grad: after two backward passes the gradient is the SUM of both.
m = make_model(); m.eval()
xb, yb = torch.randn(8, D), torch.randint(0, C, (8,))
F.cross_entropy(m(xb), yb).backward(); g1 = m[0].weight.grad.clone()
F.cross_entropy(m(xb), yb).backward()
assert torch.allclose(m[0].weight.grad, 2 * g1)
_, l_zg, acc_zg = train({"zero_grad"})
print(f"no zero_grad: final loss {sum(l_zg[-10:]) / 10:.3f}, val acc {acc_zg:.3f}")
assert sum(l_zg[-10:]) / 10 > 100 * last and acc_zg < acc

# 2. reduction='sum' multiplies the gradient by the batch size (64x the intended step).
_, l_sum, acc_sum = train({"sum"})
print(f"sum reduction: final per-example loss {sum(l_sum[-10:]) / 10:.3f}, val acc {acc_sum:.3f}")
assert math.isnan(l_sum[-1]) and acc_sum < acc - 0.3

# 3. Eval with dropout on: two evaluations of the same data disagree, and autograd records a graph.
a1, lg1 = evaluate(model, *split(set())[2:4], {"eval_mode"})
a2, lg2 = evaluate(model, *split(set())[2:4], {"eval_mode"})
assert not torch.equal(lg1, lg2) and lg1.requires_grad
b1, lf1 = evaluate(model, *split(set())[2:4], set())
b2, lf2 = evaluate(model, *split(set())[2:4], set())
assert torch.equal(lf1, lf2) and not lf1.requires_grad

# 4. Overlapping split: validation rows are also training rows.
_, _, _, _, tr, va, _ = split({"overlap"})
leaked = len(set(tr.tolist()) & set(va.tolist()))
_, _, _, _, tr0, va0, _ = split(set())
assert leaked == 120 and not set(tr0.tolist()) & set(va0.tolist())

# 5. Scaler fit on all rows: statistics depend on the validation rows.
mu_bug = split({"scaler"})[-1]; mu_ok = split(set())[-1]
assert not torch.allclose(mu_bug, mu_ok) and torch.allclose(mu_ok, X[tr0].mean(0))

_, _, acc_all = train(ALL)
print(f"all five bugs: val acc {acc_all:.3f} (chance is about 1/3)")
print(f"leaked validation rows with the overlap bug: {leaked} of {len(va)}")
