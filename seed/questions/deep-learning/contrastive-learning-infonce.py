"""InfoNCE / CLIP-style symmetric contrastive loss in numpy with an analytic gradient checked by
finite differences, plus its boundary cases (log N for uninformative embeddings, ~0 for perfect)."""
import numpy as np

rng = np.random.default_rng(0)


def log_softmax(z, axis):
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def normalize(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clip_loss(img, txt, tau):
    """img, txt: (N, d) raw embeddings; row i of each is a positive pair."""
    a, b = normalize(img), normalize(txt)
    logits = a @ b.T / tau
    idx = np.arange(len(a))
    l_i2t = -log_softmax(logits, axis=1)[idx, idx].mean()   # each image picks its caption
    l_t2i = -log_softmax(logits, axis=0)[idx, idx].mean()   # each caption picks its image
    return (l_i2t + l_t2i) / 2, logits


def clip_grad_logits(logits):
    """d loss / d logits = ((softmax_rows - I) + (softmax_cols - I)) / (2N)."""
    N = len(logits)
    p_row = np.exp(log_softmax(logits, 1))
    p_col = np.exp(log_softmax(logits, 0))
    return (p_row - np.eye(N) + p_col - np.eye(N)) / (2 * N)


N, d, tau = 8, 16, 0.07
img = rng.normal(size=(N, d))
txt = img + 0.8 * rng.normal(size=(N, d))                   # noisy paired views
loss, logits = clip_loss(img, txt, tau)

# Gradient w.r.t. the logits, checked numerically through a perturbed-logits loss.
def loss_from_logits(L):
    idx = np.arange(N)
    return (-log_softmax(L, 1)[idx, idx].mean() - log_softmax(L, 0)[idx, idx].mean()) / 2

G = clip_grad_logits(logits)
num = np.zeros_like(logits)
eps = 1e-6
for i in range(N):
    for j in range(N):
        Lp, Lm = logits.copy(), logits.copy()
        Lp[i, j] += eps; Lm[i, j] -= eps
        num[i, j] = (loss_from_logits(Lp) - loss_from_logits(Lm)) / (2 * eps)
assert np.allclose(num, G, atol=1e-8)
assert np.isclose(loss_from_logits(logits), loss)

# Chain to the normalized image embeddings: d loss / d a = G @ b / tau. Check one coordinate
# of the raw embedding end to end.
def total(img_):
    return clip_loss(img_, txt, tau)[0]
e = np.zeros_like(img); e[3, 5] = eps
fd = (total(img + e) - total(img - e)) / (2 * eps)
a, b = normalize(img), normalize(txt)
g_a = G @ b / tau
r = np.linalg.norm(img[3])
g_raw = (g_a[3] - a[3] * (a[3] @ g_a[3])) / r                # Jacobian of x / ||x||
assert np.isclose(fd, g_raw[5], rtol=1e-5)

# Boundary cases: identical embeddings for everything -> loss = log N (chance);
# perfectly matched, orthogonal pairs at low temperature -> loss ~ 0.
same = np.ones((N, d))
assert np.isclose(clip_loss(same, same, tau)[0], np.log(N))
eye = np.eye(N, d)
assert clip_loss(eye, eye, tau)[0] < 1e-5
# The mutual-information bound: I(X; Y) >= log N - L_InfoNCE.
print(f"loss {loss:.3f}, chance log N = {np.log(N):.3f}, MI lower bound {np.log(N) - loss:.3f} nats")
assert 0 < loss < np.log(N)
