"""Backpropagation by hand for a 2-layer MLP (tanh hidden layer, softmax cross-entropy),
checked against central finite differences."""
import numpy as np

rng = np.random.default_rng(0)
B, D, H, C = 8, 5, 7, 3            # batch, input dim, hidden units, classes
X = rng.normal(size=(B, D))
y = rng.integers(0, C, size=B)
params = {
    "W1": rng.normal(scale=0.5, size=(D, H)), "b1": np.zeros(H),
    "W2": rng.normal(scale=0.5, size=(H, C)), "b2": np.zeros(C),
}


def forward(p):
    z1 = X @ p["W1"] + p["b1"]
    a1 = np.tanh(z1)
    z2 = a1 @ p["W2"] + p["b2"]
    z2 = z2 - z2.max(axis=1, keepdims=True)           # stable softmax
    probs = np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(B), y]).mean()
    return loss, (a1, probs)


def backward(p, cache):
    a1, probs = cache
    d2 = probs.copy()
    d2[np.arange(B), y] -= 1.0                         # dL/dz2 = p - onehot
    d2 /= B                                            # mean over the batch
    grads = {"W2": a1.T @ d2, "b2": d2.sum(axis=0)}
    d1 = (d2 @ p["W2"].T) * (1.0 - a1 ** 2)            # tanh'(z) = 1 - tanh(z)^2
    grads["W1"] = X.T @ d1
    grads["b1"] = d1.sum(axis=0)
    return grads


loss, cache = forward(params)
grads = backward(params, cache)

eps = 1e-6
for name, value in params.items():
    num = np.zeros_like(value)
    for idx in np.ndindex(value.shape):
        old = value[idx]
        value[idx] = old + eps
        lp, _ = forward(params)
        value[idx] = old - eps
        lm, _ = forward(params)
        value[idx] = old
        num[idx] = (lp - lm) / (2 * eps)
    rel = np.linalg.norm(num - grads[name]) / (np.linalg.norm(num) + np.linalg.norm(grads[name]))
    print(f"{name}: relative error {rel:.2e}")
    assert rel < 1e-7, name

# Scalar worked example from the answer: L = (sigmoid(w x + b) - y)^2
x, w, b, t = 2.0, 0.5, -1.0, 1.0
a = 1 / (1 + np.exp(-(w * x + b)))
dz = 2 * (a - t) * a * (1 - a)
assert np.isclose(a, 0.5) and np.isclose(dz * x, -0.5) and np.isclose(dz, -0.25)

# A few SGD steps using these gradients must lower the loss.
lr = 0.5
for _ in range(50):
    loss_now, cache = forward(params)
    g = backward(params, cache)
    for k in params:
        params[k] -= lr * g[k]
assert forward(params)[0] < loss
print("initial loss", round(loss, 4), "after 50 steps", round(forward(params)[0], 4))
