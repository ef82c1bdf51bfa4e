"""Pruning a linear layer / MLP in PyTorch: unstructured magnitude, structured (whole neurons) and
2:4 semi-structured sparsity; accuracy before and after masked fine-tuning, the 2:4 compressed
storage format, a physically smaller model from structured pruning, and Wanda vs magnitude scores."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)


# ---------- masks ----------
def magnitude_mask(W, sparsity):
    k = int(W.numel() * sparsity)
    thresh = W.abs().flatten().kthvalue(k).values
    return (W.abs() > thresh).float()


def nm_mask(score, n=2, m=4):
    """Keep the n largest scores in every group of m consecutive weights along the input dim."""
    out_f, in_f = score.shape
    g = score.reshape(out_f, in_f // m, m)
    keep = g.topk(n, dim=-1).indices
    mask = torch.zeros_like(g).scatter_(-1, keep, 1.0)
    return mask.reshape(out_f, in_f)


def neuron_mask(W1, sparsity):
    """Structured: drop whole hidden neurons (rows of W1) with the smallest L2 norm."""
    norms = W1.norm(dim=1)
    keep = norms.topk(int(W1.shape[0] * (1 - sparsity))).indices
    m = torch.zeros(W1.shape[0])
    m[keep] = 1
    return m


# ---------- a small task: classify inputs labelled by a random teacher MLP ----------
d_in, d_h, n_cls = 32, 256, 4
teacher = nn.Sequential(nn.Linear(d_in, 128), nn.ReLU(), nn.Linear(128, n_cls))
X = torch.randn(6000, d_in)
with torch.no_grad():
    y = teacher(X).argmax(1)
Xtr, ytr, Xte, yte = X[:5000], y[:5000], X[5000:], y[5000:]


def accuracy(model):
    with torch.no_grad():
        return (model(Xte).argmax(1) == yte).float().mean().item()


def train(model, steps, masks=None, lr=3e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for s in range(steps):
        i = torch.randint(0, len(Xtr), (256,))
        loss = F.cross_entropy(model(Xtr[i]), ytr[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if masks:                                            # keep pruned weights at exactly zero
            with torch.no_grad():
                for lin, m in masks.items():
                    lin.weight.mul_(m)


dense = nn.Sequential(nn.Linear(d_in, d_h), nn.ReLU(), nn.Linear(d_h, n_cls))
train(dense, 2000)
acc_dense = accuracy(dense)
state = {k: v.clone() for k, v in dense.state_dict().items()}
print(f"dense accuracy {acc_dense:.3f}")

results = {}
for name in ("unstructured 50%", "2:4 (50%)", "structured 50% neurons"):
    model = nn.Sequential(nn.Linear(d_in, d_h), nn.ReLU(), nn.Linear(d_h, n_cls))
    model.load_state_dict(state)
    l1, l2 = model[0], model[2]
    if name.startswith("unstructured"):
        masks = {l1: magnitude_mask(l1.weight.data, 0.5)}
    elif name.startswith("2:4"):
        masks = {l1: nm_mask(l1.weight.data.abs())}
    else:
        keep = neuron_mask(l1.weight.data, 0.5)
        masks = {l1: keep[:, None].expand_as(l1.weight).clone(), l2: keep[None, :].expand_as(l2.weight).clone()}
        with torch.no_grad():
            l1.bias.mul_(keep)
    with torch.no_grad():
        for lin, m in masks.items():
            lin.weight.mul_(m)
    acc0 = accuracy(model)
    if name.startswith("structured"):                       # also keep pruned biases at zero
        train(model, 300, masks)
        with torch.no_grad():
            l1.bias.mul_(keep)
    else:
        train(model, 300, masks)
    results[name] = (acc0, accuracy(model), model, masks)
    print(f"{name:24s} right after pruning {acc0:.3f}   after 300 masked fine-tuning steps {accuracy(model):.3f}")

assert all(torch.all((r[2][0].weight == 0) | (r[3][r[2][0]] == 1)) for r in results.values())
u0, s0, st0 = (results[k][0] for k in ("unstructured 50%", "2:4 (50%)", "structured 50% neurons"))
assert u0 >= s0 > st0 + 0.05                        # one-shot: the freer the pattern, the less it loses
assert min(r[1] for r in results.values()) > acc_dense - 0.03           # masked fine-tuning recovers

# ---------- the 2:4 pattern and its compressed format ----------
W = results["2:4 (50%)"][2][0].weight.data
groups = (W.reshape(d_h, -1, 4) != 0).sum(-1)
assert torch.all(groups <= 2)


def compress_24(W):
    """Values: the 2 kept entries per group of 4; metadata: their 2-bit positions."""
    g = W.reshape(W.shape[0], -1, 4)
    idx = (g != 0).float().topk(2, dim=-1).indices.sort(-1).values      # positions of kept entries
    vals = g.gather(-1, idx)
    return vals, idx


def decompress_24(vals, idx, shape):
    g = torch.zeros(shape[0], shape[1] // 4, 4).scatter_(-1, idx, vals)
    return g.reshape(shape)


vals, idx = compress_24(W)
xb = torch.randn(32, d_in)
assert torch.allclose(xb @ decompress_24(vals, idx, W.shape).T, xb @ W.T)
bits_dense_fp16 = 4 * 16
bits_24_fp16 = 2 * 16 + 2 * 2
print(f"2:4 storage per 4 fp16 weights: {bits_24_fp16} bits vs {bits_dense_fp16} "
      f"({bits_dense_fp16 / bits_24_fp16:.2f}x smaller); int8: {32 / (2 * 8 + 2 * 2):.2f}x")
assert abs(bits_dense_fp16 / bits_24_fp16 - 1.78) < 0.01

# ---------- structured pruning gives a genuinely smaller dense layer ----------
model_s = results["structured 50% neurons"][2]
keep_idx = (model_s[0].weight.abs().sum(1) != 0).nonzero().squeeze(1)
small = nn.Sequential(nn.Linear(d_in, len(keep_idx)), nn.ReLU(), nn.Linear(len(keep_idx), n_cls))
with torch.no_grad():
    small[0].weight.copy_(model_s[0].weight[keep_idx]); small[0].bias.copy_(model_s[0].bias[keep_idx])
    small[2].weight.copy_(model_s[2].weight[:, keep_idx]); small[2].bias.copy_(model_s[2].bias)
assert torch.allclose(small(Xte), model_s(Xte), atol=1e-5)
print(f"structured: hidden width {d_h} -> {len(keep_idx)}, identical outputs, plain dense kernels")

# ---------- Wanda: score = |W_ij| * ||X_j||, better when input channels differ in scale ----------
lin = nn.Linear(128, 64, bias=False)
scale = torch.ones(128)
scale[torch.randperm(128)[:8]] = 20.0                     # a few high-magnitude input features
Xc = torch.randn(2048, 128) * scale
ref = Xc @ lin.weight.data.T
err = {}
for name, score in (("magnitude", lin.weight.data.abs()),
                    ("wanda", lin.weight.data.abs() * Xc.norm(dim=0))):
    Wp = lin.weight.data * nm_mask(score)
    err[name] = ((Xc @ Wp.T - ref).norm() / ref.norm()).item()
print(f"2:4 output error without retraining: magnitude {err['magnitude']:.3f}, Wanda {err['wanda']:.3f}")
assert err["wanda"] < 0.8 * err["magnitude"]
