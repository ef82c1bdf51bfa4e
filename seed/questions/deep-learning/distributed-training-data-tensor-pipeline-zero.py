"""Distributed-training arithmetic checked in numpy: data-parallel all-reduce = large-batch gradient,
Megatron-style tensor parallelism reproduces the unsharded MLP, ZeRO memory per GPU, pipeline bubble,
and ring all-reduce traffic."""
import numpy as np

rng = np.random.default_rng(0)

# 1) Data parallelism: each of 4 workers computes the mean gradient on its shard; averaging them
#    (all-reduce) equals the gradient on the full batch (equal shard sizes).
X, y = rng.normal(size=(256, 10)), rng.normal(size=256)
w = rng.normal(size=10)
grad = lambda Xb, yb: 2 * Xb.T @ (Xb @ w - yb) / len(yb)      # MSE gradient
shards = [grad(Xs, ys) for Xs, ys in zip(np.split(X, 4), np.split(y, 4))]
assert np.allclose(np.mean(shards, axis=0), grad(X, y))

# 2) Tensor parallelism (Megatron MLP): split W1 by columns, W2 by rows across 4 devices;
#    each device computes gelu(x W1_i) W2_i locally, one all-reduce (sum) gives the output.
gelu = lambda z: 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))
d, tp = 16, 4
x = rng.normal(size=(5, d))
W1, W2 = rng.normal(size=(d, 4 * d)), rng.normal(size=(4 * d, d))
full = gelu(x @ W1) @ W2
partials = [gelu(x @ W1c) @ W2r for W1c, W2r in zip(np.split(W1, tp, axis=1), np.split(W2, tp, axis=0))]
assert np.allclose(sum(partials), full)
# Splitting W1 by rows instead would need the (non-linear) gelu of a partial sum: wrong.
wrong = sum(gelu(xc @ W1r) for xc, W1r in zip(np.split(x, tp, axis=1), np.split(W1, tp, axis=0))) @ W2
assert not np.allclose(wrong, full)


# 3) ZeRO memory per GPU for mixed-precision Adam (Rajbhandari et al.): psi parameters,
#    2 bytes fp16 params + 2 bytes fp16 grads + K = 12 bytes optimizer state (fp32 master, m, v).
def zero_gb(psi, n_gpu, stage, K=12):
    p, g, o = 2 * psi, 2 * psi, K * psi
    if stage >= 1: o /= n_gpu
    if stage >= 2: g /= n_gpu
    if stage >= 3: p /= n_gpu
    return (p + g + o) / 1e9


psi, n = 7.5e9, 64
mem = [zero_gb(psi, n, s) for s in range(4)]
print("ZeRO GB/GPU for 7.5B params on 64 GPUs, stages 0-3:", [round(m, 2) for m in mem])
assert [round(m, 1) for m in mem] == [120.0, 31.4, 16.6, 1.9]


# 4) Pipeline bubble (GPipe / 1F1B): with p stages and m micro-batches, idle fraction (p-1)/(m+p-1).
bubble = lambda p, m: (p - 1) / (m + p - 1)
assert np.isclose(bubble(8, 8), 7 / 15) and bubble(8, 64) < 0.1 and bubble(4, 32) < 0.09

# 5) Ring all-reduce: each GPU sends and receives 2 (N-1)/N times the gradient size,
#    nearly independent of N. Simulate reduce-scatter + all-gather on 4 workers.
N, size = 4, 8
data = [rng.normal(size=size) for _ in range(N)]
chunks = [np.split(v.copy(), N) for v in data]
sent = 0
for step in range(N - 1):                          # reduce-scatter
    msgs = [(i, (i - step) % N, chunks[i][(i - step) % N].copy()) for i in range(N)]
    for i, c, payload in msgs:
        chunks[(i + 1) % N][c] += payload
        sent += payload.size
for step in range(N - 1):                          # all-gather
    msgs = [(i, (i + 1 - step) % N, chunks[i][(i + 1 - step) % N].copy()) for i in range(N)]
    for i, c, payload in msgs:
        chunks[(i + 1) % N][c] = payload
        sent += payload.size
total = sum(data)
assert all(np.allclose(np.concatenate(chunks[i]), total) for i in range(N))
assert sent / N == 2 * (N - 1) / N * size          # per-GPU traffic = 2 (N-1)/N * gradient size
