"""Posterior collapse in a linear beta-VAE, trained in PyTorch and checked against the closed form.

Data: x = A z + noise in 10-D with three true factors, so the data covariance has eigenvalues
lambda = (4, 1, 0.25) + 0.005 and 0.005 in the other 7 directions. The decoder is Gaussian with fixed
variance sigma2 = 0.01. Dividing the beta-ELBO by beta shows it is the ordinary ELBO with decoder
variance beta * sigma2, whose optimum is probabilistic PCA: latent i stays active iff
lambda_i > beta * sigma2, with squared decoder column norm lambda_i - beta * sigma2."""
import torch

torch.manual_seed(0)
torch.set_num_threads(1)
n, d, k = 4000, 10, 5
sigma2 = 0.01
Q, _ = torch.linalg.qr(torch.randn(d, d))
scales = torch.tensor([2.0, 1.0, 0.5])
X = torch.randn(n, 3) * scales @ Q[:, :3].T + (sigma2 / 2) ** 0.5 * torch.randn(n, d)   # noise var 0.005
X = X - X.mean(0)
lam = torch.linalg.eigvalsh(X.T @ X / n).flip(0)          # sample eigenvalues, largest first


def kl_diag_gauss(mu, logvar):                           # KL(N(mu, diag e^logvar) || N(0, I)) per dim
    return 0.5 * (mu ** 2 + logvar.exp() - logvar - 1)


def train(beta, steps=2000):
    enc = torch.nn.Linear(d, k)
    logvar = torch.nn.Parameter(torch.zeros(k))           # linear VAE: encoder variance does not depend on x
    dec = torch.nn.Linear(k, d)
    params = list(enc.parameters()) + [logvar] + list(dec.parameters())
    opt = torch.optim.LBFGS(params, lr=1, max_iter=steps, tolerance_grad=1e-9,
                            tolerance_change=1e-12, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        mu = enc(X)
        # E_q ||x - W z - b||^2 in closed form for a linear decoder (what the reparameterised
        # one-sample estimate averages to): squared error at the mean + tr(W diag(var) W^T)
        recon = (((X - dec(mu)) ** 2).sum(1) + (dec.weight ** 2 * logvar.exp()).sum()) / (2 * sigma2)
        kl = kl_diag_gauss(mu, logvar.expand_as(mu)).sum(1)
        loss = (recon + beta * kl).mean()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        mu = enc(X)
        kl_per_dim = kl_diag_gauss(mu, logvar.expand_as(mu)).mean(0)
        active = int((mu.var(0) > 0.01).sum())                     # "active units" (Burda et al.)
        col2 = torch.linalg.svdvals(dec.weight) ** 2              # eigenvalues of W W^T (rotation-invariant)
    return kl_per_dim, active, col2


# Monte Carlo check of the closed-form KL used in the loss
mu0, lv0 = torch.tensor([0.7, -1.2]), torch.tensor([-0.5, 0.3])
z = mu0 + (0.5 * lv0).exp() * torch.randn(400_000, 2)
log_q = (-0.5 * (z - mu0) ** 2 / lv0.exp() - 0.5 * lv0).sum(1)
log_p = (-0.5 * z ** 2).sum(1)
assert abs((log_q - log_p).mean() - kl_diag_gauss(mu0, lv0).sum()) < 0.01

# The reparameterised one-sample estimate z = mu + sigma * eps averages to the closed-form
# expected reconstruction used in training (exact for a linear decoder)
W, b, x1 = torch.randn(d, k), torch.randn(d), torch.randn(d)
m1, lv1 = torch.randn(k), torch.randn(k)
zs = m1 + (0.5 * lv1).exp() * torch.randn(400_000, k)
mc = ((x1 - zs @ W.T - b) ** 2).sum(1).mean()
closed = ((x1 - W @ m1 - b) ** 2).sum() + (W ** 2 * lv1.exp()).sum()
assert abs(mc / closed - 1) < 0.01

print("eigenvalues of the data covariance:", lam[:4].numpy().round(3))
for beta in (1, 50, 200, 600):
    kl, active, col2 = train(beta)
    expected_active = int((lam > beta * sigma2).sum())
    expected_col2 = (lam[:k] - beta * sigma2).clamp(min=0)
    print(f"beta={beta:3d}: active units {active} (theory {expected_active}), "
          f"KL per dim {kl.sort(descending=True).values.numpy().round(2)}, "
          f"||w_i||^2 {col2.numpy().round(2)} vs theory {expected_col2.numpy().round(2)}")
    assert active == expected_active
    # rate of an active latent at the optimum: KL_i = 0.5 * log(lambda_i / (beta * sigma2))
    expected_kl = 0.5 * torch.log((lam[:k] / (beta * sigma2)).clamp(min=1))
    assert torch.allclose(kl.sort(descending=True).values, expected_kl, atol=0.02)
    assert torch.allclose(col2, expected_col2, atol=0.05)
    if beta == 600:
        assert kl.sum() < 0.01          # full posterior collapse: q(z|x) = p(z) for every x
print("ok")
