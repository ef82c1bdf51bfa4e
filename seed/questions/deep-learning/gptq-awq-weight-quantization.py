"""GPTQ and AWQ for one linear layer in NumPy. Both minimise the layer-output error
||W X^T - Q(W) X^T||^2 on calibration activations X, not the weight error ||W - Q(W)||^2."""
import numpy as np

rng = np.random.default_rng(0)
d_out, d_in, n_cal, BITS, GROUP = 128, 256, 2048, 3, 64
QMAX = 2 ** (BITS - 1) - 1                           # symmetric grid {-3..3} for 3 bits

# Calibration activations: LLM-like, a few input channels with much larger magnitude.
salient = rng.choice(d_in, size=4, replace=False)   # ~1.5% of channels
act_scale = np.ones(d_in)
act_scale[salient] = 15.0
# Real activations are strongly correlated across channels: a low-rank part plus noise.
mix = rng.normal(size=(32, d_in)) / np.sqrt(32)


def sample_acts(n):
    return (rng.normal(size=(n, 32)) @ mix + 0.3 * rng.normal(size=(n, d_in))) * act_scale


X = sample_acts(n_cal)
X_test = sample_acts(n_cal)                          # held-out tokens from the same distribution
W = rng.normal(size=(d_out, d_in)) / np.sqrt(d_in)


def group_scales(W):
    """One scale per (output row, group of GROUP input columns), fixed from W before quantising."""
    g = W.reshape(d_out, d_in // GROUP, GROUP)
    return np.repeat(np.abs(g).max(-1) / QMAX, GROUP, axis=1)      # (d_out, d_in)


def rtn(W, S):
    return np.clip(np.round(W / S), -QMAX, QMAX) * S


def out_err(W_hat, X):
    """Relative error of the layer output on activations X."""
    return np.linalg.norm((W - W_hat) @ X.T) / np.linalg.norm(W @ X.T)


# ---------------- GPTQ ----------------
def gptq(W, X, S, damp=0.01):
    """Quantise columns left to right; after each, spread its rounding error over the
    not-yet-quantised columns using the inverse Hessian H = 2 X^T X (Cholesky form)."""
    W = W.copy()
    H = 2 * X.T @ X
    H += damp * np.mean(np.diag(H)) * np.eye(d_in)   # dampening for numerical stability
    U = np.linalg.cholesky(np.linalg.inv(H)).T       # upper factor: Hinv = U^T U
    Q = np.zeros_like(W)
    for i in range(d_in):
        Q[:, i] = np.clip(np.round(W[:, i] / S[:, i]), -QMAX, QMAX) * S[:, i]
        err = (W[:, i] - Q[:, i]) / U[i, i]
        W[:, i + 1:] -= np.outer(err, U[i, i + 1:])  # optimal (OBS) update of the remaining weights
    return Q


def obs_naive(W, X, S, damp=0.01):
    """The same greedy procedure written as Optimal Brain Surgeon: re-invert the Hessian of the
    remaining columns at every step. O(d^4); GPTQ's Cholesky trick makes it O(d^3)."""
    W = W.copy()
    H = 2 * X.T @ X
    H += damp * np.mean(np.diag(H)) * np.eye(d_in)
    Q = np.zeros_like(W)
    for i in range(d_in):
        Hinv = np.linalg.inv(H[i:, i:])              # Hessian restricted to unquantised columns
        Q[:, i] = np.clip(np.round(W[:, i] / S[:, i]), -QMAX, QMAX) * S[:, i]
        delta = -np.outer((W[:, i] - Q[:, i]) / Hinv[0, 0], Hinv[0, :])
        W[:, i:] += delta                            # sets column i to Q[:, i], compensates the rest
    return Q


# ---------------- AWQ ----------------
def awq(W, X, grid=21):
    """Scale input channel k of W by s_k = mean|x_k|^alpha (and divide activations by s_k, which is
    folded into the previous op), choose alpha by grid search on the calibration output error."""
    a = np.abs(X).mean(0)
    best = None
    for alpha in np.linspace(0, 1, grid):
        s = a ** alpha
        s = s / np.sqrt(s.max() * s.min())           # normalise (as in the reference implementation)
        Ws = W * s                                   # W' = W diag(s)
        W_hat = rtn(Ws, group_scales(Ws)) / s        # equivalent weight seen by the original X
        e = out_err(W_hat, X)
        if best is None or e < best[0]:
            best = (e, alpha, W_hat)
    return best


S = group_scales(W)
W_rtn = rtn(W, S)
W_gptq = gptq(W, X, S)
e_awq, alpha, W_awq = awq(W, X)

# The objective: ||(W - W_hat) X^T||_F^2 = tr(D H D^T)/2 with D = W - W_hat, H = 2 X^T X
D = W - W_rtn
assert np.isclose(np.linalg.norm(D @ X.T) ** 2, np.trace(D @ (2 * X.T @ X) @ D.T) / 2)

# GPTQ's fast Cholesky form equals the naive OBS recursion
assert np.allclose(W_gptq, obs_naive(W, X, S))
# GPTQ outputs stay on the quantisation grid (with the same per-group scales)
assert np.allclose(W_gptq / S, np.round(W_gptq / S))

res = {
    "RTN": (np.linalg.norm(W - W_rtn) / np.linalg.norm(W), out_err(W_rtn, X), out_err(W_rtn, X_test)),
    "GPTQ": (np.linalg.norm(W - W_gptq) / np.linalg.norm(W), out_err(W_gptq, X), out_err(W_gptq, X_test)),
    f"AWQ (alpha={alpha:.2f})": (np.linalg.norm(W - W_awq) / np.linalg.norm(W), out_err(W_awq, X), out_err(W_awq, X_test)),
}
print(f"{BITS}-bit, group {GROUP}:        weight err   output err (calib)   output err (held-out)")
for k, (we, oe, te) in res.items():
    print(f"  {k:18s}       {we:.4f}        {oe:.4f}               {te:.4f}")

e_rtn = res["RTN"][2]
e_gptq = res["GPTQ"][2]
e_awq_t = res[f"AWQ (alpha={alpha:.2f})"][2]
assert e_gptq < 0.8 * e_rtn            # error feedback beats plain rounding on held-out data
assert e_awq_t < 0.8 * e_rtn           # protecting salient channels beats plain rounding
assert alpha > 0                       # the search does pick a non-trivial scaling
# GPTQ deliberately moves weights further from W to make the *output* closer
assert res["GPTQ"][0] > res["RTN"][0]

# Why AWQ works: error on the salient channels' contribution shrinks roughly by 1/s
s = np.abs(X).mean(0) ** alpha
s = s / np.sqrt(s.max() * s.min())
sal_err_rtn = np.linalg.norm((W - W_rtn)[:, salient] @ X[:, salient].T)
sal_err_awq = np.linalg.norm((W - W_awq)[:, salient] @ X[:, salient].T)
print(f"salient-channel output error: RTN {sal_err_rtn:.1f}  AWQ {sal_err_awq:.1f}  "
      f"(mean scale on salient channels {s[salient].mean():.2f}, others {np.delete(s, salient).mean():.2f})")
assert sal_err_awq < 0.5 * sal_err_rtn
