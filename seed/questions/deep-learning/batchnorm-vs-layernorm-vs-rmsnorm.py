"""BatchNorm (train vs inference), LayerNorm and RMSNorm forward passes in numpy."""
import numpy as np

rng = np.random.default_rng(0)
EPS = 1e-5


class BatchNorm1d:
    def __init__(self, d, momentum=0.1):
        self.gamma, self.beta = np.ones(d), np.zeros(d)
        self.running_mean, self.running_var = np.zeros(d), np.ones(d)
        self.m = momentum

    def __call__(self, x, training):
        if training:                                    # statistics over the batch axis
            mu, var = x.mean(axis=0), x.var(axis=0)
            n = x.shape[0]
            self.running_mean = (1 - self.m) * self.running_mean + self.m * mu
            self.running_var = (1 - self.m) * self.running_var + self.m * var * n / (n - 1)
        else:                                           # frozen population estimates
            mu, var = self.running_mean, self.running_var
        return self.gamma * (x - mu) / np.sqrt(var + EPS) + self.beta


def layer_norm(x, gamma, beta):                         # statistics over the feature axis
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + EPS) + beta


def rms_norm(x, gamma):                                 # no centering, no beta
    return gamma * x / np.sqrt(np.mean(x ** 2, axis=-1, keepdims=True) + EPS)


d = 8
true_mean = rng.normal(3, 1, size=d)
true_std = rng.uniform(0.5, 4, size=d)
sample = lambda n: true_mean + true_std * rng.normal(size=(n, d))

bn = BatchNorm1d(d)
for _ in range(500):                                    # "training" updates the running stats
    out = bn(sample(64), training=True)
assert np.allclose(out.mean(axis=0), 0, atol=1e-7)      # per-feature mean 0 within the batch
assert np.allclose(out.var(axis=0), 1, atol=1e-3)       # per-feature variance 1
assert np.allclose(bn.running_mean, true_mean, atol=0.3)
assert np.allclose(np.sqrt(bn.running_var), true_std, rtol=0.15)

# Train mode: a sample's output depends on its batch-mates. Eval mode: it does not.
x0 = sample(1)
batch_a = np.vstack([x0, sample(15)])
batch_b = np.vstack([x0, sample(15) + 5.0])            # same sample, different neighbours
saved = (bn.running_mean.copy(), bn.running_var.copy())
ya, yb = bn(batch_a, True)[0], bn(batch_b, True)[0]
bn.running_mean, bn.running_var = saved
assert not np.allclose(ya, yb, atol=0.1)
assert np.allclose(bn(batch_a, False)[0], bn(batch_b, False)[0])
assert np.allclose(bn(x0, False), bn(batch_a, False)[:1])   # batch of 1 is fine at inference

# LayerNorm and RMSNorm: per-sample, identical in train and eval, batch size irrelevant.
X = sample(4)
ln = layer_norm(X, np.ones(d), np.zeros(d))
assert np.allclose(ln.mean(axis=1), 0, atol=1e-7) and np.allclose(ln.var(axis=1), 1, atol=1e-3)
assert np.allclose(layer_norm(7.0 * X + 2.0, 1, 0), ln, atol=1e-4)  # shift and scale invariant
rn = rms_norm(X, np.ones(d))
assert np.allclose(np.sqrt(np.mean(rn ** 2, axis=1)), 1, atol=1e-4)
assert np.allclose(rms_norm(7.0 * X, 1), rn, atol=1e-6)              # scale invariant...
assert not np.allclose(rms_norm(X + 2.0, 1), rn, atol=1e-2)          # ...but not shift invariant
# On zero-mean rows RMSNorm and LayerNorm coincide.
Xc = X - X.mean(axis=1, keepdims=True)
assert np.allclose(rms_norm(Xc, 1), layer_norm(Xc, 1, 0), atol=1e-6)
print("running mean", np.round(bn.running_mean, 2), "\ntrue mean   ", np.round(true_mean, 2))
