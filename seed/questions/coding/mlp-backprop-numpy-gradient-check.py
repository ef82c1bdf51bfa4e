import numpy as np


def init(d, H, K, rng):
    return {"W1": rng.normal(0, np.sqrt(1 / d), (d, H)), "b1": np.zeros(H),
            "W2": rng.normal(0, np.sqrt(1 / H), (H, K)), "b2": np.zeros(K)}


def forward_backward(p, X, y, buggy=False):
    n = X.shape[0]
    z1 = X @ p["W1"] + p["b1"]
    h = np.tanh(z1)
    z2 = h @ p["W2"] + p["b2"]
    z2s = z2 - z2.max(1, keepdims=True)
    logp = z2s - np.log(np.exp(z2s).sum(1, keepdims=True))
    loss = -logp[np.arange(n), y].mean()

    d2 = np.exp(logp)
    d2[np.arange(n), y] -= 1.0
    d2 /= n
    g = {"W2": h.T @ d2, "b2": d2.sum(0)}
    dh = d2 @ p["W2"].T
    d1 = dh if buggy else dh * (1 - h ** 2)
    g["W1"] = X.T @ d1
    g["b1"] = d1.sum(0)
    for k in p:
        assert g[k].shape == p[k].shape
    return loss, g


def numerical_grad(p, X, y, eps=1e-5):
    num = {}
    for k, v in p.items():
        num[k] = np.zeros_like(v)
        it = np.nditer(v, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            old = v[i]
            v[i] = old + eps; lp, _ = forward_backward(p, X, y)
            v[i] = old - eps; lm, _ = forward_backward(p, X, y)
            v[i] = old
            num[k][i] = (lp - lm) / (2 * eps)
    return num


def rel_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


rng = np.random.default_rng(0)
d, H, K, n = 4, 7, 3, 5
params = init(d, H, K, rng)
params["b1"] += rng.normal(size=H) * 0.1; params["b2"] += rng.normal(size=K) * 0.1
X = rng.normal(size=(n, d)); y = rng.integers(0, K, n)

_, g = forward_backward(params, X, y)
num = numerical_grad(params, X, y)
assert sum(v.size for v in params.values()) == 59
for k in params:
    err = rel_error(g[k], num[k])
    assert err < 1e-7, (k, err)

# The check catches a planted bug (missing tanh derivative).
_, g_bug = forward_backward(params, X, y, buggy=True)
assert rel_error(g_bug["W1"], num["W1"]) > 1e-2

# Train on XOR-like data: linearly inseparable, the MLP gets it.
Xt = rng.uniform(-1, 1, size=(400, 2))
yt = ((Xt[:, 0] * Xt[:, 1]) > 0).astype(int)
p = init(2, 16, 2, rng)
losses = []
for step in range(3000):
    loss, g = forward_backward(p, Xt, yt)
    losses.append(loss)
    for k in p:
        p[k] -= 0.5 * g[k]
h = np.tanh(Xt @ p["W1"] + p["b1"])
acc = ((h @ p["W2"] + p["b2"]).argmax(1) == yt).mean()
assert losses[-1] < 0.3 * losses[0] and acc > 0.95, (losses[-1], acc)
print("grad check passed; XOR accuracy", acc)
