"""The kernel trick: a kernel equals an inner product in a feature space you never build."""
import numpy as np

rng = np.random.default_rng(6)

# 1) (x.z + 1)^2 in 2-D equals the dot product of explicit 6-D feature maps
def phi(v):
    x1, x2 = v
    s = np.sqrt(2)
    return np.array([1, s * x1, s * x2, x1 * x1, x2 * x2, s * x1 * x2])

X = rng.normal(size=(50, 2))
K_poly = (X @ X.T + 1) ** 2
Phi = np.array([phi(v) for v in X])
assert np.allclose(K_poly, Phi @ Phi.T)

# 2) an RBF Gram matrix is positive semidefinite (Mercer) -- its feature space is infinite-dimensional
sq = (X ** 2).sum(1)
K_rbf = np.exp(-0.5 * (sq[:, None] + sq[None, :] - 2 * X @ X.T))
assert np.linalg.eigvalsh(K_rbf).min() > -1e-10
# a "kernel" that is not PSD, e.g. tanh(x.z - 1) on this data, has negative eigenvalues
assert np.linalg.eigvalsh(np.tanh(X @ X.T - 1)).min() < -1e-3

# 3) XOR: no linear separator exists, a kernel perceptron with the degree-2 kernel separates it
Xx = rng.uniform(-1, 1, size=(200, 2))
Xx = Xx[np.abs(Xx).min(1) > 0.1]                 # keep a gap around the axes
yx = np.sign(Xx[:, 0] * Xx[:, 1])


def kernel_perceptron(K, y, epochs=100):
    alpha = np.zeros(len(y))                     # dual weights: f(x) = sum_i alpha_i y_i k(x_i, x)
    for _ in range(epochs):
        mistakes = 0
        for i in range(len(y)):
            if y[i] * (K[i] @ (alpha * y)) <= 0:
                alpha[i] += 1
                mistakes += 1
        if mistakes == 0:
            break
    return alpha, mistakes


_, m_poly = kernel_perceptron((Xx @ Xx.T + 1) ** 2, yx)
_, m_lin = kernel_perceptron(Xx @ Xx.T + 1, yx)
print("mistakes in last epoch: degree-2 kernel", m_poly, "| linear kernel", m_lin)
assert m_poly == 0 and m_lin > 0
print("ok")
