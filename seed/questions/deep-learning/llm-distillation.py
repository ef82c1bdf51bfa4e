"""LLM distillation in miniature: storing only the teacher's top-k probabilities per token
(sparse KD) and what it costs, and forward vs reverse KL when a small student cannot represent
a bimodal teacher. (The T^2 factor and the logit-matching limit are checked in the general
knowledge-distillation example.)"""
import numpy as np

rng = np.random.default_rng(0)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


# 1) Sparse (top-k) teacher targets. Offline KD over a pre-training corpus needs the teacher's
#    distribution at every token; storing all V probabilities is impossible at trillions of
#    tokens, so pipelines keep the top k (ids + probabilities) and renormalise.
V = 32_000
z_t = rng.standard_cauchy(V).clip(-30, 30) * 0.5 + rng.normal(size=V) * 2   # peaked, heavy-tailed
p = softmax(z_t)
z_s = z_t + rng.normal(size=V) * 1.0                                         # an imperfect student
q = softmax(z_s)
order = np.argsort(-p)
grad_full = q - p                                       # d KL(p||q) / d z_s at T = 1
errors = []
for k in (8, 64, 512):
    idx = order[:k]
    p_k = np.zeros(V)
    p_k[idx] = p[idx] / p[idx].sum()                    # renormalised top-k target
    grad_k = q - p_k
    errors.append(np.abs(grad_k - grad_full).sum())
    print(f"top-{k:<4d} keeps {p[idx].sum():.3f} of the mass; gradient L1 error {errors[-1]:.3f}")
assert errors[0] > errors[1] > errors[2]                # more stored logits, closer to full KD
assert np.isclose(errors[1], 2 * (1 - p[order[:64]].sum()))     # error = twice the dropped mass

# Storage per token: all V probabilities in fp16 versus k (int32 id, fp16 prob) pairs
full_bytes, topk_bytes = V * 2, 64 * (4 + 2)
tokens = 1e12
print(f"1T tokens: full {full_bytes * tokens / 1e15:.0f} PB vs top-64 {topk_bytes * tokens / 1e12:.0f} TB")
assert full_bytes == 64_000 and topk_bytes == 384       # 64 KB vs 384 B per token (~167x)

# 2) Forward vs reverse KL: fit a single "Gaussian" student to a bimodal teacher on a grid
x = np.linspace(-6, 6, 601)
teacher = np.exp(-0.5 * ((x + 2.5) / 0.6) ** 2) + np.exp(-0.5 * ((x - 2.5) / 0.6) ** 2)
teacher /= teacher.sum()


def student(mu, sigma):
    s = np.exp(-0.5 * ((x - mu) / sigma) ** 2) + 1e-300
    return s / s.sum()


def kl(a, b):
    m = a > 1e-15
    return np.sum(a[m] * np.log(a[m] / b[m]))


grid = [(mu, sg) for mu in np.linspace(-4, 4, 81) for sg in np.linspace(0.3, 4, 75)]
fwd = min(grid, key=lambda ps: kl(teacher, student(*ps)))    # KL(teacher || student)
rev = min(grid, key=lambda ps: kl(student(*ps), teacher))    # KL(student || teacher)
print(f"forward-KL student: mu={fwd[0]:.2f}, sigma={fwd[1]:.2f}  (covers both modes)")
print(f"reverse-KL student: mu={rev[0]:.2f}, sigma={rev[1]:.2f}  (locks onto one mode)")
assert abs(fwd[0]) < 0.15 and fwd[1] > 2.0          # mean between modes, wide: mass where teacher has none
assert abs(abs(rev[0]) - 2.5) < 0.15 and rev[1] < 0.8  # sits on one mode, narrow
