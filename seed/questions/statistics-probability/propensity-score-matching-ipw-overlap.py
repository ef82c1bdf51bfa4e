"""Propensity scores: IPW (Horvitz-Thompson and Hajek), nearest-neighbour matching for the ATT, balance, overlap and trimming."""
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)


def make(n, strength):
    X = rng.normal(size=(n, 3))
    logit = strength * (X[:, 0] + 0.5 * X[:, 1])                  # engaged users (high X0) opt in more
    e = 1 / (1 + np.exp(-logit))
    T = (rng.random(n) < e).astype(int)
    tau = 1.0 + X[:, 0] + 0.5 * X[:, 0] ** 2                      # effect varies with engagement (ATE = 1.5)
    Y = 2.0 * X[:, 0] + X[:, 1] + 0.5 * X[:, 2] + tau * T + rng.normal(size=n)
    return X, T, Y, tau


def smd(x, T, w=None):
    """Standardized mean difference of a covariate between arms (optionally weighted)."""
    w = np.ones_like(x) if w is None else w
    m1 = np.average(x[T == 1], weights=w[T == 1]); m0 = np.average(x[T == 0], weights=w[T == 0])
    return (m1 - m0) / np.sqrt((x[T == 1].var() + x[T == 0].var()) / 2)


X, T, Y, tau = make(20_000, strength=1.0)
ate, att = tau.mean(), tau[T == 1].mean()
e_hat = LogisticRegression(C=1e6).fit(X, T).predict_proba(X)[:, 1]
naive = Y[T == 1].mean() - Y[T == 0].mean()
ht = np.mean(T * Y / e_hat - (1 - T) * Y / (1 - e_hat))                        # Horvitz-Thompson IPW
w = np.where(T == 1, 1 / e_hat, 1 / (1 - e_hat))
hajek = np.average(Y[T == 1], weights=w[T == 1]) - np.average(Y[T == 0], weights=w[T == 0])
# 1-nearest-neighbour matching on the propensity score, with replacement: ATT
ctrl = np.where(T == 0)[0]; order = np.argsort(e_hat[ctrl]); sorted_e = e_hat[ctrl][order]
pos = np.clip(np.searchsorted(sorted_e, e_hat[T == 1]), 1, len(ctrl) - 1)
left_closer = np.abs(sorted_e[pos - 1] - e_hat[T == 1]) < np.abs(sorted_e[pos] - e_hat[T == 1])
match = ctrl[order][np.where(left_closer, pos - 1, pos)]
att_match = np.mean(Y[T == 1] - Y[match])
print(f"true ATE {ate:.3f}, true ATT {att:.3f}, naive difference {naive:.3f}")
print(f"IPW Horvitz-Thompson {ht:.3f}, IPW Hajek {hajek:.3f}, matching (ATT) {att_match:.3f}")
assert abs(naive - ate) > 1.0
assert abs(hajek - ate) < 0.1 and abs(ht - ate) < 0.15
assert abs(att_match - att) < 0.1

# balance: weighting removes the covariate imbalance that drives the bias
print(f"SMD of X0: raw {smd(X[:, 0], T):.2f}, IPW-weighted {smd(X[:, 0], T, w):.3f}")
assert abs(smd(X[:, 0], T)) > 0.5 and abs(smd(X[:, 0], T, w)) < 0.05

# poor overlap: strong selection makes some propensities tiny; IPW variance explodes, trimming changes the estimand
ests, trims, trimmed_truth = [], [], []
for _ in range(200):
    X, T, Y, tau = make(4_000, strength=3.0)
    e_hat = LogisticRegression(C=1e6).fit(X, T).predict_proba(X)[:, 1]
    w = np.where(T == 1, 1 / e_hat, 1 / (1 - e_hat))
    ests.append(np.average(Y[T == 1], weights=w[T == 1]) - np.average(Y[T == 0], weights=w[T == 0]))
    keep = (e_hat > 0.1) & (e_hat < 0.9)                                      # Crump-style trimming
    wk = w[keep]; Tk, Yk = T[keep], Y[keep]
    trims.append(np.average(Yk[Tk == 1], weights=wk[Tk == 1]) - np.average(Yk[Tk == 0], weights=wk[Tk == 0]))
    trimmed_truth.append(tau[keep].mean())
ests, trims = np.array(ests), np.array(trims)
print(f"poor overlap, IPW: mean {ests.mean():.3f} sd {ests.std():.3f} (ATE 1.5); "
      f"trimmed: mean {trims.mean():.3f} sd {trims.std():.3f}; ATE of the trimmed population {np.mean(trimmed_truth):.3f}")
assert trims.std() < 0.5 * ests.std()                        # trimming slashes variance ...
assert abs(trims.mean() - np.mean(trimmed_truth)) < 0.1      # ... and estimates the effect for the overlap population,
assert abs(np.mean(trimmed_truth) - 1.5) > 0.2               # which differs from the full-population ATE when effects vary
