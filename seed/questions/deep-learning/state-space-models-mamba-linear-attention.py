"""Linear attention and (selective) state-space models in NumPy: the recurrent form and the parallel
form compute the same outputs; a time-varying diagonal SSM is an associative scan; an LTI SSM is
a convolution; and the memory of a fixed-size state vs a growing KV cache."""
import numpy as np

rng = np.random.default_rng(0)
T, d, N_state = 64, 16, 8


def phi(x):                       # positive feature map (elu + 1) used by Katharopoulos et al. 2020
    return np.where(x > 0, x + 1, np.exp(x))


# ---------------- 1. causal linear attention: recurrent == parallel == chunked ----------------
Q, K, V = rng.normal(size=(3, T, d))
fq, fk = phi(Q), phi(K)

S, z, y_rec = np.zeros((d, d)), np.zeros(d), []
for t in range(T):                                # O(T d^2) time, O(d^2) memory, like an RNN
    S += np.outer(fk[t], V[t])
    z += fk[t]
    y_rec.append(fq[t] @ S / (fq[t] @ z))
y_rec = np.array(y_rec)

A = np.tril(fq @ fk.T)                            # O(T^2 d): attention with similarity phi(q).phi(k)
y_par = (A @ V) / A.sum(1, keepdims=True)
assert np.allclose(y_rec, y_par)

C = 16                                            # chunked: matmuls inside a chunk, state across chunks
S, z, y_chunk = np.zeros((d, d)), np.zeros(d), []
for c in range(0, T, C):
    q, k, v = fq[c:c + C], fk[c:c + C], V[c:c + C]
    intra = np.tril(q @ k.T)
    num = q @ S + intra @ v
    den = q @ z + intra.sum(1)
    y_chunk.append(num / den[:, None])
    S += k.T @ v
    z += k.sum(0)
assert np.allclose(np.vstack(y_chunk), y_rec)
print("linear attention: recurrent == parallel == chunked")

# ---------------- 2. decayed linear attention (RetNet / Mamba-2 style scalar decay) ----------------
gamma = 1 / (1 + np.exp(-rng.normal(2, 1, size=T)))   # data-dependent decay in (0, 1)
S, y_rec = np.zeros((d, d)), []
for t in range(T):
    S = gamma[t] * S + np.outer(K[t], V[t])
    y_rec.append(Q[t] @ S)
cum = np.cumsum(np.log(gamma))
L = np.tril(np.exp(cum[:, None] - cum[None, :]))      # L[t, s] = prod_{r=s+1..t} gamma_r
y_par = ((Q @ K.T) * L) @ V                           # "state space duality": a masked attention
assert np.allclose(np.array(y_rec), y_par)
print("decayed (gated) linear attention: recurrent == masked-attention form")


# ---------------- 3. selective diagonal SSM (Mamba-like) as an associative scan ----------------
def selective_params(x, W_delta, A_log, W_B, W_C):
    delta = np.log1p(np.exp(x @ W_delta))             # softplus, (T, D) step sizes per channel
    A = -np.exp(A_log)                                # (D, N) negative real diagonal
    a_bar = np.exp(delta[:, :, None] * A)             # (T, D, N) discretised decay, zero-order hold
    B = x @ W_B                                       # (T, N) input-dependent
    Cm = x @ W_C                                      # (T, N)
    b_bar = delta[:, :, None] * B[:, None, :] * x[:, :, None]   # (T, D, N) simplified (Euler) input term
    return a_bar, b_bar, Cm


D = d
x = rng.normal(size=(T, D))
a_bar, b_bar, Cm = selective_params(x, rng.normal(size=(D, D)) * 0.3, rng.normal(size=(D, N_state)),
                                    rng.normal(size=(D, N_state)) * 0.3, rng.normal(size=(D, N_state)) * 0.3)

h, y_seq = np.zeros((D, N_state)), []
for t in range(T):                                # sequential recurrence: T dependent steps
    h = a_bar[t] * h + b_bar[t]
    y_seq.append(h @ Cm[t])
y_seq = np.array(y_seq)


def combine(left, right):
    """(a1, b1) then (a2, b2): h -> a2 (a1 h + b1) + b2 = (a1 a2) h + (a2 b1 + b2). Associative."""
    a1, b1 = left
    a2, b2 = right
    return a1 * a2, a2 * b1 + b2


def parallel_scan(a, b):
    """Hillis-Steele inclusive scan: log2(T) rounds, each fully parallel over t."""
    a, b = a.copy(), b.copy()
    step = 1
    while step < len(a):
        a_prev = np.concatenate([np.ones_like(a[:step]), a[:-step]])
        b_prev = np.concatenate([np.zeros_like(b[:step]), b[:-step]])
        a, b = combine((a_prev, b_prev), (a, b))
        step *= 2
    return b                                       # with h_0 = 0, h_t is the b-component


H = parallel_scan(a_bar, b_bar)
y_scan = np.einsum("tdn,tn->td", H, Cm)
assert np.allclose(y_scan, y_seq)
e1, e2, e3 = [(rng.uniform(size=3), rng.normal(size=3)) for _ in range(3)]
assert all(np.allclose(p, q) for p, q in zip(combine(combine(e1, e2), e3), combine(e1, combine(e2, e3))))
print(f"selective SSM: sequential recurrence == parallel scan ({int(np.log2(T))} rounds for T={T})")

# ---------------- 4. time-invariant SSM (S4-style) == long convolution ----------------
a, b, c = rng.uniform(0.5, 0.99, N_state), rng.normal(size=N_state), rng.normal(size=N_state)
u = rng.normal(size=T)
h, y_lti = np.zeros(N_state), []
for t in range(T):
    h = a * h + b * u[t]
    y_lti.append(c @ h)
kernel = np.array([c @ (a ** k * b) for k in range(T)])     # K_k = c^T A^k b
y_conv = np.array([np.dot(kernel[:t + 1][::-1], u[:t + 1]) for t in range(T)])
assert np.allclose(y_lti, y_conv)
print("LTI SSM: recurrence == causal convolution with kernel c A^k b (FFT-able in training)")

# ---------------- 5. inference memory per sequence ----------------
layers, d_model = 32, 4096
kv_per_token = 2 * layers * 8 * 128 * 2             # Llama-3-8B-like GQA, bf16
mamba_state = layers * (2 * d_model) * (16 * 4 + 3 * 2)   # d_inner = 2 d_model; N=16 fp32 state + conv(4) bf16
for ctx in (1_000, 32_000, 256_000):
    attn = kv_per_token * ctx
    hybrid = attn / 8 + mamba_state * 7 / 8         # 1 attention layer in 8 (Jamba-style ratio)
    print(f"context {ctx:>7,}: attention-only {attn/2**30:6.2f} GiB, SSM-only {mamba_state/2**20:5.1f} MiB, "
          f"hybrid 1:7 {hybrid/2**30:5.2f} GiB")
assert mamba_state < kv_per_token * 256             # an SSM layer's state ~ a few hundred tokens of KV
