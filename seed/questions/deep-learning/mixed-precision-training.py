"""Mixed-precision numerics in numpy: fp16 range and underflow, loss scaling, bf16 (emulated by
rounding float32 to its top 16 bits), why master weights stay in fp32, and a dynamic loss scaler."""
import numpy as np

rng = np.random.default_rng(0)
np.seterr(over="ignore")                      # fp16 overflow to inf is demonstrated on purpose


def to_bf16(x):
    """Round float32 to bfloat16 (round-to-nearest-even on the top 16 bits), returned as float32."""
    b = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.int64)
    rounded = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
    return rounded.astype(np.uint32).view(np.float32)


# Ranges and precision
fp16 = np.finfo(np.float16)
assert float(fp16.max) == 65504.0 and np.isclose(float(fp16.tiny), 6.1035e-05, rtol=1e-4)
assert np.float16(2.0 ** -24) > 0 and np.float16(2.0 ** -26) == 0      # smallest subnormal 6e-8
assert np.isinf(np.float16(70000.0))                                   # overflow
assert to_bf16(1e-30) > 0 and np.isfinite(to_bf16(3e38))              # bf16 keeps fp32's range
assert to_bf16(1 + 2 ** -9) == 1.0 and np.float16(1 + 2 ** -9) != 1.0  # ...with 3 fewer mantissa bits
assert float(fp16.eps) == 2 ** -10                                     # fp16: 10 mantissa bits, bf16: 7

# Gradients of a typical late-training layer: many are tiny and underflow in fp16.
grads = np.exp(rng.uniform(np.log(1e-10), np.log(1e-2), size=100_000)).astype(np.float32)
lost = np.mean(grads.astype(np.float16) == 0)
scale = 2.0 ** 16
scaled = (grads * scale).astype(np.float16)                           # backward pass on loss * S
lost_scaled = np.mean(scaled == 0)
recovered = scaled.astype(np.float32) / scale                         # unscale in fp32
print(f"gradients flushed to zero in fp16: {lost:.1%} unscaled, {lost_scaled:.2%} with scale 2^16")
assert lost > 0.15 and lost_scaled < 0.01
ok = grads > 1e-7
assert np.allclose(recovered[ok], grads[ok], rtol=1e-3)
assert np.mean(to_bf16(grads) == 0) == 0                              # bf16 needs no loss scaling

# Master weights: an update smaller than half the spacing at the weight's magnitude is lost in fp16.
w16, w32 = np.float16(1.0), np.float32(1.0)
for _ in range(1000):
    w16 = np.float16(w16 + np.float16(1e-4))                           # spacing at 1.0 is 2^-10
    w32 = np.float32(w32 + np.float32(1e-4))
assert w16 == 1.0 and np.isclose(w32, 1.1, atol=1e-4)                 # fp16 weights never moved


# Dynamic loss scaling: halve on overflow (and skip the step), double after N clean steps.
def dynamic_scaler(grad_max_per_step, init=2.0 ** 24, growth_interval=4):
    s, clean, skipped, history = init, 0, 0, []
    for g in grad_max_per_step:
        if not np.isfinite(np.float16(g * s)):
            s, clean, skipped = s / 2, 0, skipped + 1
        else:
            clean += 1
            if clean == growth_interval:
                s, clean = s * 2, 0
        history.append(s)
    return history, skipped


hist, skipped = dynamic_scaler(np.full(40, 0.5))
assert 2 ** 16 <= hist[-1] <= 2 ** 17 and skipped > 0                 # settles where 0.5*S fits in fp16
print(f"dynamic scale settled near 2^{np.log2(hist[-1]):.0f} after {skipped} skipped steps")
