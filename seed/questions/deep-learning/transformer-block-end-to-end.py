"""A pre-LN decoder transformer block in numpy (causal MHA + GELU FFN), a post-LN variant,
and parameter/FLOP counts checked against GPT-2 small's known 124,439,808 parameters."""
import numpy as np

rng = np.random.default_rng(0)


def layer_norm(x, g, b, eps=1e-5):
    mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return g * (x - mu) / np.sqrt(var + eps) + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def init_block(d):
    p = lambda *s: rng.normal(scale=0.02, size=s)
    return {"ln1_g": np.ones(d), "ln1_b": np.zeros(d), "W_qkv": p(d, 3 * d), "b_qkv": np.zeros(3 * d),
            "W_o": p(d, d), "b_o": np.zeros(d), "ln2_g": np.ones(d), "ln2_b": np.zeros(d),
            "W_1": p(d, 4 * d), "b_1": np.zeros(4 * d), "W_2": p(4 * d, d), "b_2": np.zeros(d)}


def attention(x, P, h):
    n, d = x.shape
    q, k, v = np.split(x @ P["W_qkv"] + P["b_qkv"], 3, axis=-1)
    heads = lambda t: t.reshape(n, h, d // h).transpose(1, 0, 2)
    q, k, v = heads(q), heads(k), heads(v)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(d // h)
    s = np.where(np.triu(np.ones((n, n), bool), 1), -np.inf, s)
    a = np.exp(s - s.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
    return (a @ v).transpose(1, 0, 2).reshape(n, d) @ P["W_o"] + P["b_o"]


def ffn(x, P):
    return gelu(x @ P["W_1"] + P["b_1"]) @ P["W_2"] + P["b_2"]


def block_pre_ln(x, P, h):            # GPT-2 / LLaMA style: x + f(LN(x))
    x = x + attention(layer_norm(x, P["ln1_g"], P["ln1_b"]), P, h)
    return x + ffn(layer_norm(x, P["ln2_g"], P["ln2_b"]), P)


def block_post_ln(x, P, h):           # original transformer: LN(x + f(x))
    x = layer_norm(x + attention(x, P, h), P["ln1_g"], P["ln1_b"])
    return layer_norm(x + ffn(x, P), P["ln2_g"], P["ln2_b"])


d, h, n = 64, 4, 12
P = init_block(d)
x = rng.normal(size=(n, d))
y_pre, y_post = block_pre_ln(x, P, h), block_post_ln(x, P, h)
assert y_pre.shape == y_post.shape == (n, d)
# Pre-LN keeps the residual stream un-normalized; post-LN output is normalized per token.
assert np.allclose(y_post.mean(-1), 0, atol=1e-6) and not np.allclose(y_pre.mean(-1), 0, atol=1e-3)
# With small (0.02) weights the pre-LN block is close to the identity at initialization.
assert np.linalg.norm(y_pre - x) / np.linalg.norm(x) < 0.2
# Causality: the first 5 outputs ignore changes to tokens 5..11.
x2 = x.copy(); x2[5:] += 3.0
assert np.allclose(block_pre_ln(x2, P, h)[:5], y_pre[:5])

# Parameter count per block: 12 d^2 + 13 d.
n_block = sum(v.size for v in P.values())
assert n_block == 12 * d * d + 13 * d

# GPT-2 small: d=768, 12 layers, vocab 50257, 1024 positions, tied output embedding, final LN.
D, L, V, CTX = 768, 12, 50257, 1024
gpt2 = V * D + CTX * D + L * (12 * D * D + 13 * D) + 2 * D
print("GPT-2 small parameters:", gpt2)
assert gpt2 == 124_439_808

# Forward FLOPs per token per layer: 2 * 12 d^2 for the matmuls + 4 * n_ctx * d for attention.
dense = 2 * 12 * D * D
attn = 4 * CTX * D
print(f"per token per layer at n=1024: dense {dense/1e6:.1f} MFLOPs, attention {attn/1e6:.1f} MFLOPs")
assert np.isclose(attn / dense, CTX / (6 * D))           # attention dominates only once n > 6d
# Training ~ 6 N FLOPs per token (forward 2N, backward 4N), ignoring the attention term.
N_nonemb = L * 12 * D * D
assert round(6 * N_nonemb / 1e6) == 510
