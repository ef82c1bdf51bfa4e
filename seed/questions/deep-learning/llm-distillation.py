"""Knowledge distillation: the temperature-scaled KD loss and its gradient, the T^2 factor,
and forward vs reverse KL when a small student cannot represent a bimodal teacher."""
import numpy as np

rng = np.random.default_rng(0)


def softmax(z, T=1.0):
    z = z / T
    e = np.exp(z - z.max())
    return e / e.sum()


def kd_loss(z_s, z_t, T):
    """T^2 * KL(teacher_T || student_T) for one position's logits."""
    p, q = softmax(z_t, T), softmax(z_s, T)
    return T**2 * np.sum(p * (np.log(p) - np.log(q)))


V = 10
z_t = rng.normal(size=V) * 3
z_s = rng.normal(size=V) * 3

# 1) Gradient w.r.t. student logits is T * (q_T - p_T); check by finite differences
for T in (1.0, 4.0):
    analytic = T * (softmax(z_s, T) - softmax(z_t, T))
    eps = 1e-6
    numeric = np.array([(kd_loss(z_s + eps * e, z_t, T) - kd_loss(z_s - eps * e, z_t, T)) / (2 * eps)
                        for e in np.eye(V)])
    assert np.allclose(analytic, numeric, atol=1e-6)

# 2) Why T^2: without it the gradient shrinks ~1/T; with it, at high T the gradient tends to
#    (z_s - z_t) / V for zero-mean logits (Hinton et al.'s logit-matching limit)
zs0, zt0 = z_s - z_s.mean(), z_t - z_t.mean()
T = 1000.0
g = T * (softmax(zs0, T) - softmax(zt0, T))
assert np.allclose(g, (zs0 - zt0) / V, atol=2e-3)

# 3) Forward vs reverse KL: fit a single "Gaussian" student to a bimodal teacher on a grid
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
