"""Compute-optimal model size from the Chinchilla parametric loss fit, checked three ways."""
import numpy as np

# Parametric fit L(N, D) = E + A / N^alpha + B / D^beta.
# Hoffmann et al. (2022) published E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28; a later
# replication (Besiroglu et al., 2024) refit their data and got the values below, which agree
# with the paper's other two methods (~20 tokens per parameter). We use the refit.
E, A, B, alpha, beta = 1.8172, 482.01, 2085.43, 0.3478, 0.3658


def loss(N, D):
    return E + A / N**alpha + B / D**beta


def optimum_closed_form(C):
    """Minimise L subject to C = 6 N D (Lagrange multiplier, solved exactly)."""
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    N = G * (C / 6.0) ** (beta / (alpha + beta))
    return N, C / (6.0 * N)


def optimum_grid(C):
    N = np.logspace(7, 14, 200_001)
    D = C / (6.0 * N)
    i = np.argmin(loss(N, D))
    return N[i], D[i]


# 1) FLOPs of Chinchilla itself: 70B parameters, 1.4T tokens
C_chinchilla = 6 * 70e9 * 1.4e12
assert np.isclose(C_chinchilla, 5.88e23)

# 2) Closed form agrees with brute-force search over model sizes
for C in [1e21, 5.88e23, 1e25]:
    n_cf, d_cf = optimum_closed_form(C)
    n_g, d_g = optimum_grid(C)
    assert abs(np.log(n_cf / n_g)) < 1e-3, (C, n_cf, n_g)
    print(f"C={C:.2e}: N*={n_cf/1e9:7.1f}B  D*={d_cf/1e9:9.0f}B  tokens/param={d_cf/n_cf:6.1f}")

# 3) The exponents: N* grows as C^a with a = beta/(alpha+beta) ~ 0.5 (Kaplan's fit gave ~0.73)
a = beta / (alpha + beta)
n1, _ = optimum_closed_form(1e22)
n2, _ = optimum_closed_form(1e24)
assert np.isclose(np.log(n2 / n1) / np.log(100), a)
assert 0.45 < a < 0.55

# At Chinchilla's own budget the optimum is ~70B parameters at ~20 tokens per parameter
n_c, d_c = optimum_closed_form(C_chinchilla)
assert 60e9 < n_c < 85e9 and 15 < d_c / n_c < 25

# 4) The rule of thumb D = 20 N with C = 6 N D gives N = sqrt(C / 120)
C = 1e24
N_rule = np.sqrt(C / 120)
D_rule = 20 * N_rule
assert np.isclose(6 * N_rule * D_rule, C)
print(f"rule of thumb at 1e24 FLOPs: N={N_rule/1e9:.1f}B, D={D_rule/1e12:.2f}T tokens")
assert 90e9 < N_rule < 92e9

# 5) At Gopher's budget, a 70B model on 1.4T tokens beats 280B on 300B tokens (as observed)
assert loss(70e9, 1.4e12) < loss(280e9, 300e9)

# 6) Wall-clock: 1e24 FLOPs on H100s (989 TFLOP/s dense BF16) at 40% utilisation
gpu_hours = C / (989e12 * 0.40) / 3600
print(f"~{gpu_hours/1e3:.0f}k H100-hours")
assert 600e3 < gpu_hours < 800e3
