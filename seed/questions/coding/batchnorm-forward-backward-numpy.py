import numpy as np


class BatchNorm1d:
    def __init__(self, D, eps=1e-5, momentum=0.1):
        self.gamma, self.beta = np.ones(D), np.zeros(D)
        self.eps, self.m = eps, momentum
        self.running_mean, self.running_var = np.zeros(D), np.ones(D)

    def forward(self, x, training=True):
        if training:
            N = x.shape[0]
            mu, var = x.mean(0), x.var(0)
            self.s = 1.0 / np.sqrt(var + self.eps)
            self.xhat = (x - mu) * self.s
            self.running_mean = (1 - self.m) * self.running_mean + self.m * mu
            self.running_var = (1 - self.m) * self.running_var + self.m * var * N / (N - 1)
            return self.gamma * self.xhat + self.beta
        xhat = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.gamma * xhat + self.beta

    def backward(self, dy):
        N = dy.shape[0]
        self.dgamma = (dy * self.xhat).sum(0)
        self.dbeta = dy.sum(0)
        g = dy * self.gamma
        return self.s / N * (N * g - g.sum(0) - self.xhat * (g * self.xhat).sum(0))


rng = np.random.default_rng(0)
N, D = 16, 5
x = rng.normal(loc=3.0, scale=[0.5, 1, 2, 4, 8], size=(N, D))

bn = BatchNorm1d(D)
y = bn.forward(x)
assert np.allclose(y.mean(0), 0, atol=1e-12)
assert np.allclose(y.var(0), x.var(0) / (x.var(0) + bn.eps))

# Gradient check with loss = sum(y * R).
bn.gamma = rng.normal(size=D); bn.beta = rng.normal(size=D)
R = rng.normal(size=(N, D))

def loss_fn(x_, g_, b_):
    t = BatchNorm1d(D); t.gamma, t.beta = g_, b_
    return np.sum(t.forward(x_) * R)

bn.forward(x)
dx = bn.backward(R)

def num_grad(f, a, eps=1e-6):
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        old = a[i]
        a[i] = old + eps; fp = f()
        a[i] = old - eps; fm = f()
        a[i] = old
        g[i] = (fp - fm) / (2 * eps)
    return g

def rel(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))

gam, bet = bn.gamma.copy(), bn.beta.copy()
assert rel(dx, num_grad(lambda: loss_fn(x, gam, bet), x)) < 1e-7
assert rel(bn.dgamma, num_grad(lambda: loss_fn(x, gam, bet), gam)) < 1e-7
assert rel(bn.dbeta, num_grad(lambda: loss_fn(x, gam, bet), bet)) < 1e-7
# Zero-sum identities.
assert np.allclose(dx.sum(0), 0, atol=1e-10)
# sum(xhat * dx) vanishes up to the epsilon term: s * sum(g * xhat) * eps / (var + eps)
assert np.allclose((dx * bn.xhat).sum(0), bn.s * bn.gamma * bn.dgamma * bn.eps * bn.s ** 2)
# Treating the batch statistics as constants gives a wrong gradient.
assert rel(bn.s * bn.gamma * R, dx) > 0.05

# Running statistics converge; inference does not depend on the batch.
bn2 = BatchNorm1d(D)
true_mu, true_sd = np.array([1, -2, 0, 5, 3.0]), np.array([1, 2, 0.5, 3, 1.0])
for _ in range(500):
    bn2.forward(rng.normal(true_mu, true_sd, size=(64, D)))
assert np.allclose(bn2.running_mean, true_mu, atol=0.15)
assert np.allclose(np.sqrt(bn2.running_var), true_sd, rtol=0.1)
batch = rng.normal(true_mu, true_sd, size=(10, D))
assert np.allclose(bn2.forward(batch, training=False)[3], bn2.forward(batch[3:4], training=False)[0])
print("ok")
