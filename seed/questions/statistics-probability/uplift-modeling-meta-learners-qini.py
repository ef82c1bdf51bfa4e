"""Uplift modelling: S-, T- and X-learners on a randomized test with few treated users, scored by PEHE and the Qini curve."""
import numpy as np
from sklearn.ensemble import GradientBoostingRegressor

rng = np.random.default_rng(0)
n, e = 6_000, 0.1                               # 10% of users treated (e.g. a costly coupon)
X = rng.uniform(-1, 1, (n, 5))
base = 2 * np.sin(3 * X[:, 0]) + X[:, 1] ** 2 + X[:, 2]            # complex baseline outcome
tau = 0.5 * (X[:, 3] > 0) + 0.25 * X[:, 4]                         # simple heterogeneous effect
T = (rng.random(n) < e).astype(int)
Y = base + tau * T + rng.normal(0, 0.5, n)
tr, te = np.arange(n) < 4_000, np.arange(n) >= 4_000                # train / test split


def gbm():
    return GradientBoostingRegressor(n_estimators=150, max_depth=3, learning_rate=0.1, random_state=0)


Xt, Tt, Yt = X[tr], T[tr], Y[tr]
# S-learner: one model with T as a feature; effect = f(x,1) - f(x,0)
s = gbm().fit(np.column_stack([Xt, Tt]), Yt)
tau_s = s.predict(np.column_stack([X[te], np.ones(te.sum())])) - s.predict(np.column_stack([X[te], np.zeros(te.sum())]))
# T-learner: separate models per arm
m1, m0 = gbm().fit(Xt[Tt == 1], Yt[Tt == 1]), gbm().fit(Xt[Tt == 0], Yt[Tt == 0])
tau_t = m1.predict(X[te]) - m0.predict(X[te])
# X-learner: impute individual effects with the *other* arm's model, regress them, blend by propensity
D1 = Yt[Tt == 1] - m0.predict(Xt[Tt == 1])          # treated: observed minus imputed control outcome
D0 = m1.predict(Xt[Tt == 0]) - Yt[Tt == 0]          # controls: imputed treated outcome minus observed
t1, t0 = gbm().fit(Xt[Tt == 1], D1), gbm().fit(Xt[Tt == 0], D0)
tau_x = e * t0.predict(X[te]) + (1 - e) * t1.predict(X[te])   # g(x) = e(x): lean on tau_1, fit with the big control model

pehe = {k: np.sqrt(np.mean((v - tau[te]) ** 2)) for k, v in
        {"S-learner": tau_s, "T-learner": tau_t, "X-learner": tau_x}.items()}
for k, v in pehe.items():
    print(f"{k}: PEHE (RMSE of individual effects) = {v:.3f}")
print(f"(sd of the true effect: {tau[te].std():.3f})")
assert pehe["X-learner"] < pehe["T-learner"]      # X-learner wins when one arm is much smaller
assert max(pehe["X-learner"], pehe["S-learner"]) < tau[te].std()   # better than predicting the average effect for everyone


def qini_curve(score, y, t):
    """Cumulative incremental outcome when targeting the top-k by score: Y_T(k) - Y_C(k) * N_T(k)/N_C(k)."""
    o = np.argsort(-score)
    y, t = y[o], t[o]
    yt, yc = np.cumsum(y * t), np.cumsum(y * (1 - t))
    nt, nc = np.cumsum(t), np.cumsum(1 - t)
    return yt - yc * nt / np.maximum(nc, 1)


def qini_coefficient(score, y, t):
    q = qini_curve(score, y, t)
    random_line = q[-1] * np.arange(1, len(q) + 1) / len(q)   # targeting at random: straight line to the total
    return np.mean(q - random_line)


# sanity check on a tiny hand-computed case: 2 treated with outcomes 1, 0; 2 controls with 0, 0
assert np.allclose(qini_curve(np.array([4, 3, 2, 1.]), np.array([1, 0, 0, 0.]), np.array([1, 0, 1, 0])), [1, 1, 1, 1])

yte, tte = Y[te], T[te]
qs = {k: qini_coefficient(v, yte, tte) for k, v in
      {"oracle tau": tau[te], "X-learner": tau_x, "T-learner": tau_t, "random": rng.random(te.sum())}.items()}
for k, v in qs.items():
    print(f"Qini coefficient, {k:10s}: {v:7.2f}")
assert qs["X-learner"] > 0 and qs["oracle tau"] > 0
assert qs["X-learner"] > qs["random"]
