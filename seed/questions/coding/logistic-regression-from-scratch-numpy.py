import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def log_loss_from_logits(z, y):
    # log(1 + e^z) - y z, computed without overflow
    return np.mean(np.logaddexp(0.0, z) - y * z)


def loss_and_grad(theta, A, y, lam):
    z = A @ theta
    w = theta.copy(); w[-1] = 0.0                 # do not penalize the bias
    loss = log_loss_from_logits(z, y) + 0.5 * lam * w @ w
    grad = A.T @ (sigmoid(z) - y) / len(y) + lam * w
    return loss, grad


def fit_gd(A, y, lam, lr, iters=20_000):
    theta = np.zeros(A.shape[1])
    for _ in range(iters):
        _, g = loss_and_grad(theta, A, y, lam)
        theta -= lr * g
        if np.linalg.norm(g) < 1e-10:
            break
    return theta


def fit_newton(A, y, lam, iters=50):
    theta = np.zeros(A.shape[1])
    R = lam * np.eye(A.shape[1]); R[-1, -1] = 0.0
    for _ in range(iters):
        _, g = loss_and_grad(theta, A, y, lam)
        p = sigmoid(A @ theta)
        H = (A * (p * (1 - p))[:, None]).T @ A / len(y) + R
        step = np.linalg.solve(H, g)
        theta -= step
        if np.linalg.norm(step) < 1e-12:
            break
    return theta


rng = np.random.default_rng(7)
n, d = 400, 3
X = rng.normal(size=(n, d))
true_w, true_b = np.array([1.5, -2.0, 0.5]), -0.3
y = (rng.random(n) < sigmoid(X @ true_w + true_b)).astype(float)
A = np.hstack([X, np.ones((n, 1))])
lam = 1e-3

lam_max = np.linalg.eigvalsh(A.T @ A / n).max()
theta_gd = fit_gd(A, y, lam, lr=2.0 / lam_max)
theta_nt = fit_newton(A, y, lam)
assert np.allclose(theta_gd, theta_nt, atol=1e-5), (theta_gd, theta_nt)
assert np.linalg.norm(loss_and_grad(theta_nt, A, y, lam)[1]) < 1e-8

# Stable loss equals the textbook formula where the textbook formula is safe.
z = np.linspace(-10, 10, 101); yy = (z > 1).astype(float)
p = 1 / (1 + np.exp(-z))
naive = np.mean(-yy * np.log(p) - (1 - yy) * np.log(1 - p))
assert np.isclose(log_loss_from_logits(z, yy), naive)

# Extreme logits: exact finite answers, while the naive formula breaks.
z_ext, y_ext = np.array([800.0, -800.0]), np.array([0.0, 1.0])   # two confident mistakes
assert np.isclose(log_loss_from_logits(z_ext, y_ext), 800.0)
assert np.allclose(sigmoid(np.array([-800.0, 0.0, 800.0])), [0.0, 0.5, 1.0])
with np.errstate(all="ignore"):
    p_ext = 1 / (1 + np.exp(-z_ext))
    naive_ext = np.mean(-y_ext * np.log(p_ext) - (1 - y_ext) * np.log(1 - p_ext))
assert not np.isfinite(naive_ext)
print("weights", np.round(theta_nt, 3))
