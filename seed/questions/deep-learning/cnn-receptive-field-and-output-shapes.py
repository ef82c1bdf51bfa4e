"""CNN arithmetic checked by brute force: output size, parameter count, receptive field,
1x1 convolution as a per-pixel matmul, and two 3x3 convs vs one 5x5."""
import numpy as np

rng = np.random.default_rng(0)


def conv2d(x, w, b=None, stride=1, pad=0, dilation=1):
    """x: (C_in, H, W), w: (C_out, C_in, k, k). Plain loops over output positions."""
    c_out, c_in, k, _ = w.shape
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    span = dilation * (k - 1) + 1
    h_out = (x.shape[1] - span) // stride + 1
    w_out = (x.shape[2] - span) // stride + 1
    out = np.zeros((c_out, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = x[:, i * stride:i * stride + span:dilation, j * stride:j * stride + span:dilation]
            out[:, i, j] = np.tensordot(w, patch, axes=([1, 2, 3], [0, 1, 2]))
    return out if b is None else out + b[:, None, None]


def out_size(n, k, s=1, p=0, d=1):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


# 1) Output-size formula vs the real thing, over many configurations.
for n, k, s, p, d in [(32, 3, 1, 1, 1), (32, 3, 2, 1, 1), (35, 5, 2, 0, 1), (32, 3, 1, 2, 2), (28, 7, 3, 3, 1)]:
    y = conv2d(rng.normal(size=(2, n, n)), rng.normal(size=(4, 2, k, k)), stride=s, pad=p, dilation=d)
    assert y.shape[1] == out_size(n, k, s, p, d), (n, k, s, p, d)
assert out_size(224, 7, 2, 3) == 112 and out_size(112, 3, 2, 1) == 56    # ResNet stem

# 2) Parameter counts: k*k*C_in*C_out (+ C_out biases).
params = lambda k, cin, cout, bias=True: k * k * cin * cout + (cout if bias else 0)
assert params(3, 3, 64) == 1792                 # VGG's first layer
assert params(7, 3, 64, bias=False) == 9408     # ResNet stem conv
assert 2 * params(3, 256, 256, False) == 1_179_648 and params(5, 256, 256, False) == 1_638_400

# 3) Receptive field: r_l = r_{l-1} + (k_l - 1) * j_{l-1}, jump j_l = j_{l-1} * s_l.
def receptive_field(layers):
    r, j = 1, 1
    for k, s, d in layers:
        r += d * (k - 1) * j
        j *= s
    return r


def empirical_rf_1d(layers, n=101):
    """Which input positions change the centre output of a stack of 1-D convs?"""
    def forward(x):
        for k, s, d in layers:
            span = d * (k - 1) + 1
            x = np.array([x[i:i + span:d].sum() for i in range(0, len(x) - span + 1, s)])
        return x
    base = forward(np.zeros(n))
    centre = len(base) // 2
    hits = [i for i in range(n) if forward(np.eye(n)[i])[centre] != base[centre]]
    return hits[-1] - hits[0] + 1


for stack in [[(3, 1, 1)] * 2, [(3, 1, 1)] * 3, [(7, 2, 1), (3, 2, 1)], [(3, 2, 1), (3, 2, 1), (3, 1, 1)],
              [(3, 1, 1), (3, 1, 2), (3, 1, 4)]]:
    assert empirical_rf_1d(stack) == receptive_field(stack), stack
assert receptive_field([(3, 1, 1)] * 2) == 5          # two 3x3 see what one 5x5 sees
assert receptive_field([(7, 2, 1), (3, 2, 1)]) == 11  # ResNet stem conv + max-pool
assert receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == 15   # dilations 1,2,4: exponential

# 4) A 1x1 convolution is the same matrix applied at every pixel (a per-pixel linear layer).
x = rng.normal(size=(16, 8, 8))
w = rng.normal(size=(4, 16, 1, 1))
y = conv2d(x, w)
y_matmul = np.einsum("oc,chw->ohw", w[:, :, 0, 0], x)
assert np.allclose(y, y_matmul)
print("all CNN arithmetic checks passed")
