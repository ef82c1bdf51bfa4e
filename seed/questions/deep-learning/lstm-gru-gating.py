"""LSTM and GRU cells in numpy, and why gating helps: the sensitivity of the state after 50
steps to the initial state, vanilla tanh RNN vs LSTM (finite-difference Jacobians)."""
import numpy as np

rng = np.random.default_rng(0)
dx, dh, T = 8, 16, 50
sigmoid = lambda z: 1 / (1 + np.exp(-z))
xs = rng.normal(size=(T, dx))


def rnn_run(h0, W, U):
    h = h0
    for x in xs:
        h = np.tanh(W @ h + U @ x)
    return h


def lstm_step(x, h, c, P):
    z = P["W"] @ np.concatenate([x, h]) + P["b"]            # all four gates in one matmul
    i, f, o = sigmoid(z[:dh]), sigmoid(z[dh:2 * dh]), sigmoid(z[2 * dh:3 * dh])
    g = np.tanh(z[3 * dh:])
    c = f * c + i * g                                       # additive cell update
    h = o * np.tanh(c)
    return h, c


def lstm_run(c0, P):
    h, c = np.zeros(dh), c0
    for x in xs:
        h, c = lstm_step(x, h, c, P)
    return c


def gru_step(x, h, P):
    xh = np.concatenate([x, h])
    z = sigmoid(P["Wz"] @ xh)                               # update gate
    r = sigmoid(P["Wr"] @ xh)                               # reset gate
    h_tilde = np.tanh(P["Wh"] @ np.concatenate([x, r * h]))
    return (1 - z) * h + z * h_tilde                        # interpolation, also additive


def jacobian(fn, v0, eps=1e-6):
    cols = []
    for k in range(len(v0)):
        e = np.zeros_like(v0); e[k] = eps
        cols.append((fn(v0 + e) - fn(v0 - e)) / (2 * eps))
    return np.stack(cols, axis=1)


scale = 1 / np.sqrt(dh + dx)
W_rnn, U_rnn = rng.normal(scale=1 / np.sqrt(dh), size=(dh, dh)), rng.normal(scale=scale, size=(dh, dx))
P = {"W": rng.normal(scale=scale, size=(4 * dh, dx + dh)), "b": np.zeros(4 * dh)}
P["b"][dh:2 * dh] = 4.0                                     # forget-gate bias: remember by default

J_rnn = jacobian(lambda h0: rnn_run(h0, W_rnn, U_rnn), np.zeros(dh))
J_lstm = jacobian(lambda c0: lstm_run(c0, P), np.zeros(dh))
P0 = {"W": P["W"], "b": np.zeros(4 * dh)}                    # same LSTM, forget bias 0
J_lstm0 = jacobian(lambda c0: lstm_run(c0, P0), np.zeros(dh))
s_rnn, s_lstm, s_lstm0 = (np.linalg.norm(J, 2) for J in (J_rnn, J_lstm, J_lstm0))
print(f"||d state_50 / d state_0||: vanilla RNN {s_rnn:.1e}, LSTM forget bias 0 {s_lstm0:.1e}, "
      f"LSTM forget bias 4 {s_lstm:.1e}")
assert s_rnn < 1e-2                  # contracted by 50 Jacobians diag(tanh') W
assert s_lstm0 < 1e-6                # gates ~0.5: the cell forgets too (0.5^50 ~ 1e-15 direct path)
assert s_lstm > 1.0                  # forget gates near 1 keep an O(1) path through time
assert np.isclose(sigmoid(4.0) ** 50, 0.40, atol=0.01)

# Parameter counts: LSTM has 4 gate blocks, GRU 3 (one bias vector per gate here).
n_lstm = P["W"].size + P["b"].size
assert n_lstm == 4 * (dh * (dx + dh) + dh) == 1600
G = {k: rng.normal(scale=scale, size=(dh, dx + dh)) for k in ("Wz", "Wr", "Wh")}
h = gru_step(xs[0], np.zeros(dh), G)
assert h.shape == (dh,) and np.all(np.abs(h) < 1)
assert sum(v.size for v in G.values()) == 3 * dh * (dx + dh)   # 0.75x the LSTM's weights
