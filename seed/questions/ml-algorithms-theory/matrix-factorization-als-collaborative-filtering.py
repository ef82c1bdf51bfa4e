"""Matrix factorization by alternating least squares on explicit ratings with missing entries."""
import numpy as np

rng = np.random.default_rng(16)
n_users, n_items, k, noise = 300, 200, 5, 0.1
U_true = rng.normal(size=(n_users, k)) / np.sqrt(k)
V_true = rng.normal(size=(n_items, k)) / np.sqrt(k)
R = U_true @ V_true.T + noise * rng.normal(size=(n_users, n_items))
observed = rng.uniform(size=R.shape) < 0.2                  # 20% of entries are known
test = observed & (rng.uniform(size=R.shape) < 0.1)         # hold out 10% of them
train = observed & ~test

lam = 0.05


def objective(U, V):
    err = (R - U @ V.T)[train]
    return (err ** 2).sum() + lam * ((U ** 2).sum() + (V ** 2).sum())


def solve_rows(F, R, mask):
    """for each row r: argmin_x sum_{j in mask_r} (R_rj - F_j x)^2 + lam ||x||^2  (ridge per row)"""
    out = np.empty((R.shape[0], F.shape[1]))
    for r in range(R.shape[0]):
        Fm = F[mask[r]]
        out[r] = np.linalg.solve(Fm.T @ Fm + lam * np.eye(F.shape[1]), Fm.T @ R[r, mask[r]])
    return out


U = 0.1 * rng.normal(size=(n_users, k))
V = 0.1 * rng.normal(size=(n_items, k))
history = [objective(U, V)]
for it in range(15):
    U = solve_rows(V, R, train)          # fix V, every user is an independent ridge problem
    history.append(objective(U, V))
    V = solve_rows(U, R.T, train.T)      # fix U, every item is an independent ridge problem
    history.append(objective(U, V))
history = np.array(history)
assert np.all(np.diff(history) <= 1e-9 * history[:-1])     # each half-step is an exact minimisation

# after the U-step, the gradient with respect to U is exactly zero
U = solve_rows(V, R, train)
G = -2 * ((train * (R - U @ V.T)) @ V) + 2 * lam * U
assert np.abs(G).max() < 1e-8

rmse = lambda m: np.sqrt(np.mean((R - U @ V.T)[m] ** 2))
baseline = np.sqrt(np.mean((R[test] - R[train].mean()) ** 2))
print(f"train RMSE {rmse(train):.3f}, test RMSE {rmse(test):.3f}, global-mean baseline {baseline:.3f}, noise {noise}")
assert rmse(test) < 0.2 and rmse(test) < 0.25 * baseline
print("ok")
