"""LoRA: parameter count, zero-init behaviour, merged-weight equality, and memory arithmetic."""
import numpy as np

rng = np.random.default_rng(0)
d_out, d_in, r, alpha = 512, 512, 8, 16
scale = alpha / r

W = rng.normal(0, 0.02, size=(d_out, d_in))          # frozen pretrained weight
A = rng.normal(0, 1 / np.sqrt(d_in), size=(r, d_in))  # trainable, random init
B = np.zeros((d_out, r))                               # trainable, zero init
x = rng.normal(size=(4, d_in))                          # a batch of activations


def lora_forward(x, W, A, B):
    # never forms the d_out x d_in update: cost r*(d_in + d_out) extra per token
    return x @ W.T + scale * (x @ A.T) @ B.T


# 1) At initialisation B = 0, so the adapted model equals the pretrained one exactly
assert np.allclose(lora_forward(x, W, A, B), x @ W.T)

# 2) Pretend training moved B; merging gives one matrix with identical outputs (no extra latency)
B = rng.normal(0, 0.02, size=(d_out, r))
W_merged = W + scale * B @ A
assert np.allclose(lora_forward(x, W, A, B), x @ W_merged.T)
# the update has rank at most r
assert np.linalg.matrix_rank(W_merged - W) == r
# unmerging recovers the base weight (up to float error), so adapters can be swapped
assert np.allclose(W_merged - scale * B @ A, W)

# 3) Parameter counts for a 4096 x 4096 projection
d = 4096
full = d * d
for rank in (8, 16, 64):
    lora = rank * (d + d)
    print(f"r={rank:3d}: {lora:,} trainable vs {full:,} ({lora/full:.2%})")
assert 8 * (d + d) == 65_536 and np.isclose(65_536 / full, 0.00390625)

# 4) Llama-2-7B-like model: 32 layers, LoRA r=16 on q,k,v,o (4096x4096) and
#    gate, up (4096x11008) and down (11008x4096)
L, d, f, r = 32, 4096, 11008, 16
per_layer = 4 * r * (d + d) + 2 * r * (d + f) + r * (f + d)
lora_params = L * per_layer
print(f"LoRA params on all linear layers: {lora_params/1e6:.1f}M")
assert lora_params == 39_976_960  # ~40M, about 0.6% of 6.7B

# 5) Training memory (weights + grads + Adam states), ignoring activations
P = 6.74e9
full_ft = P * (2 + 2 + 4 + 4 + 4)         # bf16 weights, bf16 grads, fp32 master, Adam m and v
lora_ft = P * 2 + lora_params * 16        # frozen bf16 base + full training state for adapters
qlora_ft = P * (0.5 + 0.127 / 8) + lora_params * 16  # NF4 base + double-quantised constants
gb = 1e9
print(f"full {full_ft/gb:.0f} GB, LoRA {lora_ft/gb:.1f} GB, QLoRA {qlora_ft/gb:.1f} GB")
assert 100 < full_ft / gb < 115
assert 13 < lora_ft / gb < 15
assert 3.5 < qlora_ft / gb < 5
