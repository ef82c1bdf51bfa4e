import numpy as np


def logsumexp(z, axis=-1):
    m = np.max(z, axis=axis, keepdims=True)
    return (m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))).squeeze(axis)


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))    # per-row shift
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    return z - np.expand_dims(logsumexp(z, axis), axis)


def cross_entropy(z, y):
    """Mean cross-entropy from logits z (n, K) and integer labels y (n,); returns (loss, dL/dz)."""
    n = z.shape[0]
    logp = log_softmax(z)
    loss = -logp[np.arange(n), y].mean()
    grad = softmax(z)
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n


# Worked example: huge logits behave like their shifted version.
z = np.array([[1000.0, 1001.0, 1002.0]])
p = softmax(z)
assert np.allclose(p, softmax(np.array([[0.0, 1.0, 2.0]])))
assert np.allclose(p, [[0.09003057, 0.24472847, 0.66524096]])
loss, _ = cross_entropy(z, np.array([0]))
assert np.isclose(loss, 2.0 + np.log(1 + np.exp(-1) + np.exp(-2)))   # 2.4076
with np.errstate(all="ignore"):
    naive = np.exp(z) / np.exp(z).sum()
assert np.isnan(naive).all()

# A confident mistake: exact loss, no inf.
loss_ext, _ = cross_entropy(np.array([[0.0, 2000.0]]), np.array([0]))
assert np.isclose(loss_ext, 2000.0)

# Random batch: rows sum to 1, log_softmax consistent, gradient matches finite differences.
rng = np.random.default_rng(3)
Z = rng.normal(scale=5.0, size=(6, 4))
Y = rng.integers(0, 4, size=6)
assert np.allclose(softmax(Z).sum(1), 1.0)
assert np.allclose(np.exp(log_softmax(Z)), softmax(Z))
_, G = cross_entropy(Z, Y)
eps = 1e-6
G_num = np.zeros_like(Z)
for i in range(Z.shape[0]):
    for k in range(Z.shape[1]):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[i, k] += eps; Zm[i, k] -= eps
        G_num[i, k] = (cross_entropy(Zp, Y)[0] - cross_entropy(Zm, Y)[0]) / (2 * eps)
assert np.allclose(G, G_num, atol=1e-8)
assert np.allclose(G.sum(1), 0.0)                 # each row of p - onehot sums to zero

# Per-row max matters: a row far below the batch max still works.
Z2 = np.array([[0.0, 1.0], [-2000.0, -1999.0]])
assert np.allclose(softmax(Z2)[1], softmax(Z2)[0])
print("ok")
