"""Sparse autoencoders on synthetic 'activations' in superposition: L1 vs top-k.

64 ground-truth features live as random unit directions in a 16-D activation space (more features
than dimensions = superposition). Each is active with probability 4% with a magnitude in [0.5, 1.5].
We train two SAEs with a 128-feature dictionary and compare reconstruction, sparsity (L0), dead
features, shrinkage, and how well the decoder directions recover the true features."""
import torch

torch.manual_seed(0)
torch.set_num_threads(1)
d, m, n_dict, p_active = 16, 64, 128, 0.04
true_dirs = torch.nn.functional.normalize(torch.randn(m, d), dim=1)


def batch(n):
    mask = torch.rand(n, m) < p_active
    coef = mask * (0.5 + torch.rand(n, m))
    return coef @ true_dirs, coef


class SAE(torch.nn.Module):
    def __init__(self, k=None):
        super().__init__()
        self.k = k
        self.W_enc = torch.nn.Parameter(0.1 * torch.randn(d, n_dict))
        self.b_enc = torch.nn.Parameter(torch.zeros(n_dict))
        self.W_dec = torch.nn.Parameter(self.W_enc.detach().T.clone())   # tied init, then free
        self.b_dec = torch.nn.Parameter(torch.zeros(d))

    def encode(self, x):
        pre = (x - self.b_dec) @ self.W_enc + self.b_enc
        if self.k is None:
            return torch.relu(pre)                                 # L1 SAE: ReLU, sparsity from the penalty
        top = pre.topk(self.k, dim=1)                              # top-k SAE: keep the k largest, exact L0 = k
        return torch.zeros_like(pre).scatter(1, top.indices, torch.relu(top.values))

    def forward(self, x):
        f = self.encode(x)
        return f @ self.W_dec + self.b_dec, f


def train(sae, l1=0.0, steps=800):
    opt = torch.optim.Adam(sae.parameters(), lr=5e-3)
    for _ in range(steps):
        x, _ = batch(512)
        with torch.no_grad():                                      # unit-norm decoder rows, so the L1 penalty
            sae.W_dec.data = torch.nn.functional.normalize(sae.W_dec.data, dim=1)   # cannot be dodged by scaling
        x_hat, f = sae(x)
        loss = ((x - x_hat) ** 2).sum(1).mean() + l1 * f.abs().sum(1).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    return sae


def evaluate(sae, name):
    with torch.no_grad():
        sae.W_dec.data = torch.nn.functional.normalize(sae.W_dec.data, dim=1)
        x, coef = batch(20_000)
        x_hat, f = sae(x)
        fvu = ((x - x_hat) ** 2).sum() / ((x - x.mean(0)) ** 2).sum()    # fraction of variance unexplained
        l0 = (f > 0).float().sum(1).mean()
        dead = int(((f > 0).sum(0) == 0).sum())
        cos = true_dirs @ sae.W_dec.T                                      # [true features, dictionary]
        mmcs = cos.max(1).values.mean()                                    # mean max cosine similarity
        # shrinkage: how much of x the reconstruction keeps along x's own direction (1 = no shrinkage)
        ratio = ((x_hat - sae.b_dec) * x).sum().item() / (x * x).sum().item()
    print(f"{name:8s} FVU {fvu:.3f}  L0 {l0:.2f} (true {m * p_active:.2f})  dead {dead:3d}/{n_dict}  "
          f"recovery (mean max cos) {mmcs:.3f}  shrinkage ratio {ratio:.2f}")
    return fvu.item(), l0.item(), dead, mmcs.item(), ratio


r_l1 = evaluate(train(SAE(), l1=1.0), "L1")
torch.manual_seed(0)
r_topk = evaluate(train(SAE(k=4)), "top-k=4")

assert 3.9 < r_topk[1] <= 4                         # top-k caps L0 at k (below k only if a top-k pre-activation is <= 0)
assert r_topk[0] < r_l1[0] and r_topk[1] < r_l1[1] # better reconstruction AND sparser: dominates L1 here
assert r_topk[3] > 0.95                            # decoder directions recover the true features
assert r_l1[4] < 0.6 and r_topk[4] > r_l1[4] + 0.2 # L1 shrinks activations toward 0; top-k far less
assert r_topk[2] > r_l1[2]                         # ...but top-k leaves more latents dead
print("ok")
