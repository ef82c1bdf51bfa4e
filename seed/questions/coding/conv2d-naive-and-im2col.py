import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def out_size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def conv2d_naive(x, w, b, s=1, p=0):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    Ho, Wo = out_size(H, kh, s, p), out_size(W, kw, s, p)
    y = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    patch = xp[n, :, i * s : i * s + kh, j * s : j * s + kw]
                    y[n, f, i, j] = np.sum(patch * w[f]) + b[f]
    return y


def im2col(x, kh, kw, s, p):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    Ho, Wo = out_size(H, kh, s, p), out_size(W, kw, s, p)
    cols = np.empty((N, Ho, Wo, C, kh, kw))
    for u in range(kh):                      # loop over kernel offsets only: kh*kw iterations
        for v in range(kw):
            cols[:, :, :, :, u, v] = xp[:, :, u : u + s * Ho : s, v : v + s * Wo : s].transpose(0, 2, 3, 1)
    return cols.reshape(N * Ho * Wo, C * kh * kw), Ho, Wo


def conv2d_im2col(x, w, b, s=1, p=0):
    N = x.shape[0]
    F, C, kh, kw = w.shape
    cols, Ho, Wo = im2col(x, kh, kw, s, p)
    y = cols @ w.reshape(F, -1).T + b                      # (N*Ho*Wo, F)
    return y.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)


def conv2d_windows(x, w, b, s=1, p=0):
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::s, ::s]   # (N,C,Ho,Wo,kh,kw)
    return np.einsum("nchwuv,fcuv->nfhw", win, w) + b[None, :, None, None]


# Hand-checked case.
x = np.arange(16, dtype=float).reshape(1, 1, 4, 4)
w = np.ones((1, 1, 3, 3)); b = np.zeros(1)
assert np.array_equal(conv2d_naive(x, w, b)[0, 0], [[45, 54], [81, 90]])
assert conv2d_im2col(x, w, b, s=2, p=1).shape == (1, 1, 2, 2)

# Random tensors, several strides and paddings: all three methods agree.
rng = np.random.default_rng(0)
for s, p, H, W in [(1, 0, 7, 6), (1, 1, 7, 6), (2, 1, 9, 8), (3, 2, 10, 7)]:
    x = rng.normal(size=(2, 3, H, W)); w = rng.normal(size=(4, 3, 3, 3)); b = rng.normal(size=4)
    y0 = conv2d_naive(x, w, b, s, p)
    assert y0.shape == (2, 4, out_size(H, 3, s, p), out_size(W, 3, s, p))
    assert np.allclose(conv2d_im2col(x, w, b, s, p), y0)
    assert np.allclose(conv2d_windows(x, w, b, s, p), y0)

# Cross-correlation vs true convolution: they differ unless the kernel is symmetric under a flip.
x = rng.normal(size=(1, 1, 5, 5)); k = rng.normal(size=(1, 1, 3, 3))
corr = conv2d_naive(x, k, np.zeros(1))
true_conv = conv2d_naive(x, k[:, :, ::-1, ::-1], np.zeros(1))
assert not np.allclose(corr, true_conv)
i, j = 1, 2   # true convolution at output (i, j) by its definition
ref = sum(x[0, 0, i + 2 - u, j + 2 - v] * k[0, 0, u, v] for u in range(3) for v in range(3))
assert np.isclose(true_conv[0, 0, i, j], ref)
print("ok")
