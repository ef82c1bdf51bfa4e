"""Why non-contrastive self-supervised learning does not collapse: a PyTorch toy.

Two augmented views of the same point should map to the same embedding. Maximising their cosine
similarity with nothing else has a trivial optimum (a constant encoder). We train five variants on
10 Gaussian clusters in 32-D and measure collapse as in the SimSiam paper: the per-dimension std of
the L2-normalised embeddings (about 1/sqrt(k) if spread out, 0 if collapsed), plus a linear probe."""
import copy

import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression

torch.manual_seed(0)
torch.set_num_threads(1)
n, d, k = 2048, 32, 16
centers = torch.randn(10, d) * 2
labels = torch.randint(0, 10, (n,))
X = centers[labels] + torch.randn(n, d)


def augment(x):                      # random masking + noise, the toy analogue of crops and colour jitter
    return x * (torch.rand_like(x) > 0.2) + 0.5 * torch.randn_like(x)


def mlp(i, h, o):
    return torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.BatchNorm1d(h), torch.nn.ReLU(), torch.nn.Linear(h, o))


def neg_cos(p, z):
    return -F.cosine_similarity(p, z).mean()


def run(mode, steps=200):
    torch.manual_seed(1)
    enc, pred = mlp(d, 128, k), mlp(k, 64, k)
    target = copy.deepcopy(enc)                              # BYOL's EMA teacher
    params = list(enc.parameters()) + (list(pred.parameters()) if mode in ("simsiam", "byol") else [])
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=1e-4)
    for _ in range(steps):
        idx = torch.randint(0, n, (256,))
        x1, x2 = augment(X[idx]), augment(X[idx])
        z1, z2 = enc(x1), enc(x2)
        if mode == "no stop-grad":                           # gradient flows into both branches
            loss = neg_cos(z1, z2)
        elif mode == "stop-grad only":
            loss = 0.5 * (neg_cos(z1, z2.detach()) + neg_cos(z2, z1.detach()))
        elif mode == "simsiam":                              # predictor + stop-gradient
            loss = 0.5 * (neg_cos(pred(z1), z2.detach()) + neg_cos(pred(z2), z1.detach()))
        elif mode == "byol":                                 # predictor + EMA target network
            with torch.no_grad():
                t1, t2 = target(x1), target(x2)
            loss = 0.5 * (neg_cos(pred(z1), t2) + neg_cos(pred(z2), t1))
        else:                                                # InfoNCE: the other 255 items are negatives
            a, b = F.normalize(z1, dim=1), F.normalize(z2, dim=1)
            loss = F.cross_entropy(a @ b.T / 0.2, torch.arange(len(a)))
        opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            for pt, pe in zip(target.parameters(), enc.parameters()):
                pt.mul_(0.99).add_(0.01 * pe)
    enc.eval()
    with torch.no_grad():
        z = F.normalize(enc(X), dim=1)
    std = z.std(0).mean().item()
    probe = LogisticRegression(max_iter=2000).fit(z[:1024].numpy(), labels[:1024].numpy())
    acc = probe.score(z[1024:].numpy(), labels[1024:].numpy())
    print(f"{mode:15s} final loss {loss.item():+.3f}  output std {std:.3f} (1/sqrt(k) = {k ** -0.5:.3f})  probe acc {acc:.3f}")
    return loss.item(), std, acc


r = {m: run(m) for m in ("no stop-grad", "stop-grad only", "simsiam", "byol", "infonce")}
for m in ("no stop-grad", "stop-grad only"):
    assert r[m][0] < -0.99 and r[m][1] < 0.05      # reached the trivial optimum: everything maps to one point
for m in ("simsiam", "byol", "infonce"):
    assert r[m][1] > 0.2 and r[m][2] > 0.95        # spread out and linearly separable
    assert r[m][2] > r["no stop-grad"][2] + 0.1
print("ok")
