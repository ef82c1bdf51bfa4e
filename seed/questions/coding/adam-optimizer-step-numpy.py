import math
import numpy as np


class AdamW:
    def __init__(self, shape, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=True):
        self.lr, self.b1, self.b2, self.eps, self.wd, self.decoupled = lr, b1, b2, eps, wd, decoupled
        self.m, self.v, self.t = np.zeros(shape), np.zeros(shape), 0

    def step(self, theta, g):
        if not self.decoupled and self.wd:
            g = g + self.wd * theta                   # L2 folded into the gradient ("Adam")
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        m_hat = self.m / (1 - self.b1 ** self.t)
        v_hat = self.v / (1 - self.b2 ** self.t)
        update = m_hat / (np.sqrt(v_hat) + self.eps)
        if self.decoupled and self.wd:
            update = update + self.wd * theta         # decoupled decay ("AdamW")
        return theta - self.lr * update


def adam_scalar_reference(theta, grads, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m = v = 0.0
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        theta -= lr * (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + eps)
    return theta


# First step: every coordinate moves by ~lr against the sign of its gradient.
g = np.array([1e-4, -3.0, 250.0, -1e4])
opt = AdamW(4, lr=0.01)
theta1 = opt.step(np.zeros(4), g)
assert np.allclose(theta1, -0.01 * np.sign(g), rtol=1e-3)

# Ten steps agree with a scalar reference.
rng = np.random.default_rng(0)
G = rng.normal(size=(10, 3)) * [1e-3, 1.0, 100.0]
opt = AdamW(3, lr=0.05)
th = np.array([0.5, -1.0, 2.0])
for gt in G:
    th = opt.step(th, gt)
ref = [adam_scalar_reference(x0, G[:, j], lr=0.05) for j, x0 in enumerate([0.5, -1.0, 2.0])]
assert np.allclose(th, ref, atol=1e-12)

# Decoupled decay with zero loss gradient: exact geometric shrink.
w0 = np.array([1.0, -4.0]); lr, wd = 0.01, 0.1
optw, optl = AdamW(2, lr=lr, wd=wd), AdamW(2, lr=lr, wd=wd, decoupled=False)
w_dec, w_l2 = w0.copy(), w0.copy()
for _ in range(5):
    w_dec = optw.step(w_dec, np.zeros(2))
    w_l2 = optl.step(w_l2, np.zeros(2))
assert np.allclose(w_dec, w0 * (1 - lr * wd) ** 5)
# L2-in-Adam: the decay gradient is normalized, so each weight moves ~lr per step regardless of size.
assert np.allclose(w0 - w_l2, 5 * lr * np.sign(w0), rtol=1e-3)

# Ill-conditioned quadratic f = 0.5 * sum(h_i x_i^2), condition number 1e4.
h = np.array([1e-2, 1.0, 1e2])
x_adam = x_gd = np.ones(3)
opt = AdamW(3, lr=0.05)
for _ in range(2000):
    x_adam = opt.step(x_adam, h * x_adam)
    x_gd = x_gd - (1.9 / h.max()) * h * x_gd    # largest stable GD step
f = lambda x: 0.5 * np.sum(h * x * x)
assert f(x_adam) < 1e-4 and f(x_gd) > 1e-3, (f(x_adam), f(x_gd))
print("adam", f(x_adam), "gd", f(x_gd))
