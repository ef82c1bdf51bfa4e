"""Synthetic control: simplex-constrained donor weights, the post-period gap, placebo (permutation) inference, vs DiD."""
import numpy as np

rng = np.random.default_rng(0)
J, T0, T1, effect = 20, 40, 10, 5.0                       # donors, pre-periods, post-periods, true effect
t = np.arange(T0 + T1)
# donors follow different linear trends and a common seasonal factor with different loadings
slopes, loads = rng.uniform(-0.5, 1.0, J), rng.uniform(0.5, 2.0, J)
season = 3 * np.sin(2 * np.pi * t / 12)
donors = 50 + np.outer(t, slopes) + np.outer(season, loads) + rng.normal(0, 1, (T0 + T1, J))
true_w = np.zeros(J); true_w[[2, 7, 11]] = [0.5, 0.3, 0.2]    # the treated region resembles three donors
treated = donors @ true_w + rng.normal(0, 1, T0 + T1)
treated[T0:] += effect


def project_simplex(v):
    """Euclidean projection onto {w >= 0, sum w = 1} (Duchi et al., 2008)."""
    u = np.sort(v)[::-1]; css = np.cumsum(u)
    k = np.nonzero(u * np.arange(1, len(v) + 1) > css - 1)[0][-1]
    return np.maximum(v - (css[k] - 1) / (k + 1), 0)


def sc_weights(Y0_pre, y_pre, iters=10_000):
    """min ||y_pre - Y0_pre w||^2 over the simplex, by accelerated projected gradient descent (FISTA)."""
    w = z = np.full(Y0_pre.shape[1], 1 / Y0_pre.shape[1]); k = 1.0
    step = 1 / np.linalg.norm(Y0_pre, 2) ** 2
    for _ in range(iters):
        w_new = project_simplex(z - step * Y0_pre.T @ (Y0_pre @ z - y_pre))
        k_new = (1 + np.sqrt(1 + 4 * k * k)) / 2
        z = w_new + (k - 1) / k_new * (w_new - w); w, k = w_new, k_new
    return w


w = sc_weights(donors[:T0], treated[:T0])
gap = treated - donors @ w
sc_est = gap[T0:].mean(); gap_pre = gap[:T0]
did = (treated[T0:].mean() - treated[:T0].mean()) - (donors[T0:].mean() - donors[:T0].mean())
print(f"pre-period RMSPE {np.sqrt(np.mean(gap_pre ** 2)):.2f} (noise sd is 1, plus the treated unit's own noise)")
print("largest weights:", {int(j): round(float(w[j]), 2) for j in np.argsort(-w)[:4]})
print(f"synthetic control estimate {sc_est:.2f}, DiD vs the donor average {did:.2f}, truth {effect}")
assert abs(w.sum() - 1) < 1e-9 and w.min() >= 0
assert abs(sc_est - effect) < 1.0
assert abs(did - effect) > 3.0                 # the treated region's trend is not the average donor's trend

# placebo inference: pretend each donor was treated, using the other donors; compare post/pre RMSPE ratios
def rmspe_ratio(y, Y0):
    wj = sc_weights(Y0[:T0], y[:T0], iters=3_000)
    g = y - Y0 @ wj
    return np.sqrt(np.mean(g[T0:] ** 2)) / np.sqrt(np.mean(g[:T0] ** 2))


ratios = [rmspe_ratio(treated, donors)]
for j in range(J):
    ratios.append(rmspe_ratio(donors[:, j], np.delete(donors, j, axis=1)))
rank = 1 + np.sum(np.array(ratios[1:]) >= ratios[0])
p_value = rank / (J + 1)
print(f"post/pre RMSPE ratio: treated {ratios[0]:.1f}, placebo median {np.median(ratios[1:]):.1f}; "
      f"permutation p-value {p_value:.3f} (smallest possible 1/{J + 1} = {1 / (J + 1):.3f})")
assert rank == 1
