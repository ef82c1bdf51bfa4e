"""Why logistic regression uses log-loss: clean gradient, convexity, no vanishing gradient when confidently wrong."""
import numpy as np

rng = np.random.default_rng(4)
sigmoid = lambda z: 1 / (1 + np.exp(-z))

n, d = 500, 3
X = np.column_stack([np.ones(n), rng.normal(size=(n, d - 1))])
w_true = np.array([-0.5, 2.0, -1.0])
y = (rng.uniform(size=n) < sigmoid(X @ w_true)).astype(float)


def log_loss(w):
    z = X @ w
    return np.mean(np.logaddexp(0, z) - y * z)       # stable form of -[y log p + (1-y) log(1-p)]


def grad(w):
    return X.T @ (sigmoid(X @ w) - y) / n


# 1) the gradient is X'(p - y)/n: check against central finite differences
w = rng.normal(size=d)
num = np.array([(log_loss(w + 1e-6 * e) - log_loss(w - 1e-6 * e)) / 2e-6 for e in np.eye(d)])
assert np.allclose(num, grad(w), atol=1e-7)

# 2) Newton / IRLS converges in a handful of steps because the loss is convex (Hessian X'SX/n is PSD)
w = np.zeros(d)
for _ in range(8):
    p = sigmoid(X @ w)
    Hs = X.T @ (X * (p * (1 - p))[:, None]) / n
    assert np.all(np.linalg.eigvalsh(Hs) > 0)
    w -= np.linalg.solve(Hs, grad(w))
assert np.linalg.norm(grad(w)) < 1e-10
print("IRLS estimate", w.round(3), "true", w_true)
# at the optimum, predicted probabilities sum to the number of positives (intercept's score equation)
assert np.isclose(sigmoid(X @ w).sum(), y.sum())

# 3) a confidently wrong prediction: y = 1, z = -10
z, t = -10.0, 1.0
p = sigmoid(z)
g_logloss = p - t                                   # d/dz of log-loss
g_mse = (p - t) * p * (1 - p)                       # d/dz of 0.5 (p - t)^2 through the sigmoid
print(f"dL/dz at z=-10: log-loss {g_logloss:.4f}, MSE {g_mse:.2e}")
assert abs(g_logloss) > 0.99 and abs(g_mse) < 1e-4

# 4) MSE through a sigmoid is not convex in z: its second derivative changes sign
zs = np.linspace(-8, 8, 1601)
mse = 0.5 * (sigmoid(zs) - 1.0) ** 2
second = np.gradient(np.gradient(mse, zs), zs)
ll_second = np.gradient(np.gradient(np.logaddexp(0, -zs), zs), zs)
assert second.min() < -1e-3 and second.max() > 1e-3
assert ll_second.min() > -1e-9                      # log-loss is convex in z
print("ok")
