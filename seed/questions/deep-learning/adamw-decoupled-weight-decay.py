"""L2 regularization vs decoupled weight decay: identical for SGD, different for Adam.
With Adam + L2, the decay term is divided by sqrt(v_hat), so weights with large gradients are
barely decayed; AdamW shrinks every weight by the same factor (1 - lr * wd) per step."""
import numpy as np

rng = np.random.default_rng(0)

# 1) SGD: L2 penalty (lam/2)||w||^2 in the loss == multiplicative decay (1 - lr*lam).
w_l2, w_wd = np.array([1.0, -2.0]), np.array([1.0, -2.0])
lr, lam = 0.1, 0.01
for _ in range(100):
    g = rng.normal(size=2)
    w_l2 = w_l2 - lr * (g + lam * w_l2)
    w_wd = (1 - lr * lam) * w_wd - lr * g
assert np.allclose(w_l2, w_wd)


# 2) Adam: two weights, same value, gradient noise of very different scale and zero mean,
#    so any shrinkage comes from the regularizer alone.
def run(decoupled, steps=2000, lr=1e-3, wd=0.1, b1=0.9, b2=0.999, eps=1e-8):
    w = np.array([1.0, 1.0])
    scale = np.array([1e-3, 10.0])                     # small-gradient vs large-gradient weight
    m = v = np.zeros(2)
    r = np.random.default_rng(1)                       # same noise for both variants
    for t in range(1, steps + 1):
        g = scale * r.normal(size=2)
        if not decoupled:
            g = g + wd * w                             # L2: decay enters the adaptive gradient
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        if decoupled:
            w = w - lr * wd * w                        # AdamW: applied directly to the weights
    return w


w_adam_l2, w_adamw = run(decoupled=False), run(decoupled=True)
print("Adam + L2 final weights:", np.round(w_adam_l2, 3), " AdamW:", np.round(w_adamw, 3))
expected = (1 - 1e-3 * 0.1) ** 2000                    # pure multiplicative decay: ~0.8187
assert np.isclose(expected, 0.8187, atol=1e-4)
# AdamW: both weights shrink by ~the same factor (noise only adds a random walk of size ~lr*sqrt(steps)).
assert abs(w_adamw[0] - expected) < 0.1 and abs(w_adamw[1] - expected) < 0.1
# Adam + L2: the small-gradient weight is driven hard toward 0 (decay/|g| is large after
# normalization), while the large-gradient weight is barely regularized at all.
assert w_adam_l2[0] < 0.1
assert w_adam_l2[1] > 0.9                              # decay/|g| ~ 0.1/10: ~10x weaker than intended
