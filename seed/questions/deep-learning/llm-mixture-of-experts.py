"""Mixture-of-experts routing in NumPy: top-2 gating, the Switch-style load-balancing loss,
expert capacity and dropped tokens, and total vs active parameters."""
import numpy as np

rng = np.random.default_rng(0)
n_tokens, d, E, top_k = 4096, 32, 8, 2


def softmax(z):
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def route(x, W_router):
    probs = softmax(x @ W_router)                        # (tokens, E)
    top = np.argsort(-probs, axis=1)[:, :top_k]          # chosen experts
    gates = np.take_along_axis(probs, top, 1)
    gates /= gates.sum(1, keepdims=True)                 # renormalise over the top-k (Mixtral)
    return probs, top, gates


def load_balancing_loss(probs, top, alpha=0.01):
    """Switch Transformer: alpha * E * sum_i f_i * P_i, with f_i the fraction of routing
    assignments sent to expert i and P_i the mean router probability for expert i."""
    f = np.bincount(top.ravel(), minlength=E) / top.size
    P = probs.mean(0)
    return alpha * E * np.sum(f * P), f


def dropped_tokens(top, capacity_factor):
    capacity = int(np.ceil(capacity_factor * top.size / E))   # slots per expert
    counts = np.bincount(top.ravel(), minlength=E)
    return np.maximum(counts - capacity, 0).sum(), capacity


x = rng.normal(size=(n_tokens, d))
balanced_router = rng.normal(size=(d, E)) * 0.1
skew = np.zeros((d, E)); skew[:, 0] = 0.5; skew[:, 1] = 0.3       # a collapsing router
skewed_router = balanced_router + skew * np.sign(x.mean(0))[:, None]

for name, W in [("balanced", balanced_router), ("skewed", skewed_router)]:
    probs, top, gates = route(x, W)
    loss, f = load_balancing_loss(probs, top)
    drop, cap = dropped_tokens(top, capacity_factor=1.25)
    print(f"{name:9s} load share {np.round(f, 2)}  aux loss {loss:.4f}  dropped {drop}/{top.size} (capacity {cap})")
    assert np.allclose(gates.sum(1), 1)
    if name == "balanced":
        loss_bal, drop_bal = loss, drop
    else:
        loss_skew, drop_skew = loss, drop

# Perfect balance gives alpha * E * E * (1/E)(1/E) = alpha: the loss's minimum value
uniform_probs = np.full((n_tokens, E), 1 / E)
uniform_top = np.stack([np.arange(n_tokens) % E, (np.arange(n_tokens) + 1) % E], 1)
assert np.isclose(load_balancing_loss(uniform_probs, uniform_top)[0], 0.01)
assert loss_skew > loss_bal and drop_skew > drop_bal
assert drop_bal < 0.02 * top.size            # with a balanced router, few overflow at cf 1.25

# Output of one token = sum over chosen experts of gate * expert(x); experts are tiny MLPs here
experts = [(rng.normal(size=(d, 4 * d)) / np.sqrt(d), rng.normal(size=(4 * d, d)) / np.sqrt(4 * d)) for _ in range(E)]
probs, top, gates = route(x[:1], balanced_router)
y = sum(g * np.maximum(x[0] @ W1, 0) @ W2 for g, (W1, W2) in zip(gates[0], [experts[i] for i in top[0]]))
assert y.shape == (d,)

# Total vs active parameters, Mixtral-8x7B-like: 32 layers, d=4096, SwiGLU FFN 14336, 8 experts, top-2
L, dm, ff = 32, 4096, 14336
expert_params = 3 * dm * ff                              # gate, up, down projections
attn_params = 4 * dm * dm * 0.625                        # GQA: q, o full; k, v at 8/32 heads -> 2.5 * d^2
total = L * (8 * expert_params + attn_params) / 1e9
active = L * (2 * expert_params + attn_params) / 1e9
print(f"~{total:.1f}B total, ~{active:.1f}B active per token (plus embeddings)")
assert 45 < total < 47 and 12 < active < 13.5
