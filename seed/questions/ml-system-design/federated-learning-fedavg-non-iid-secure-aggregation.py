"""FedAvg on a toy softmax-regression problem: equivalence to centralised gradient descent with one
local step, client drift when clients hold one class each (non-IID), and pairwise-mask secure aggregation."""
import numpy as np

rng = np.random.default_rng(0)
K, D, N_CLIENTS, L2 = 4, 5, 8, 1e-2

means = rng.normal(0, 1.6, (K, D))
def sample(n):
    yy = rng.integers(0, K, n)
    return means[yy] + rng.normal(0, 1.0, (n, D)), yy

X, y = sample(4000)
X_test, y_test = sample(4000)


def grad_loss(W, Xc, yc):
    """Mean cross-entropy of softmax regression plus L2, and its gradient."""
    logits = Xc @ W
    logits -= logits.max(1, keepdims=True)
    P = np.exp(logits); P /= P.sum(1, keepdims=True)
    loss = -np.mean(np.log(P[np.arange(len(yc)), yc])) + 0.5 * L2 * (W ** 2).sum()
    P[np.arange(len(yc)), yc] -= 1
    return Xc.T @ P / len(yc) + L2 * W, loss


def local_steps(W, Xc, yc, tau, lr=0.5):
    W = W.copy()
    for _ in range(tau):
        W -= lr * grad_loss(W, Xc, yc)[0]
    return W


def fedavg(clients, rounds, tau):
    W = np.zeros((D, K))
    n_k = np.array([len(c[1]) for c in clients], float)
    for _ in range(rounds):
        local = [local_steps(W, Xc, yc, tau) for Xc, yc in clients]   # in parallel on devices
        W = sum(n * Wk for n, Wk in zip(n_k, local)) / n_k.sum()        # weighted by data size
    return W


# Reference optimum on the pooled data
W_star = local_steps(np.zeros((D, K)), X, y, 3000)
L_star = grad_loss(W_star, X, y)[1]
acc = lambda W: np.mean((X_test @ W).argmax(1) == y_test)

perm = rng.permutation(len(y))
iid = [(X[i], y[i]) for i in np.array_split(perm, N_CLIENTS)]
non_iid = []                                         # client c holds 500 examples of class c mod 4 only
for c in range(N_CLIENTS):
    idx = rng.choice(np.flatnonzero(y == c % K), 500, replace=False)
    non_iid.append((X[idx], y[idx]))

# 1) tau = 1 with every client = centralised full-batch gradient descent (weighted average of gradients)
W_fed = fedavg(iid, rounds=20, tau=1)
W_cen = local_steps(np.zeros((D, K)), X[perm], y[perm], 20)
assert np.allclose(W_fed, W_cen)

# 2) Same 500 local gradient steps in total, different communication budgets
res = {}
for name, clients in (("IID", iid), ("non-IID", non_iid)):
    for tau, rounds in ((1, 500), (50, 10)):
        W = fedavg(clients, rounds, tau)
        res[(name, tau)] = (grad_loss(W, X, y)[1] - L_star, np.linalg.norm(W - W_star), acc(W))
        e, dist, a = res[(name, tau)]
        print(f"{name:7s} tau={tau:2d} rounds={rounds:3d}: excess loss {e:.4f}, "
              f"|W - W*| {dist:.3f}, test accuracy {a:.3f}")
print(f"centralised optimum: test accuracy {acc(W_star):.3f}")
assert res[("IID", 50)][0] < 0.001                   # 50x fewer rounds, same answer on IID data
assert res[("non-IID", 1)][0] < 0.001                # frequent averaging still fine on non-IID
assert res[("non-IID", 50)][0] > 0.05                # many local steps: client drift
assert res[("non-IID", 50)][2] < res[("IID", 50)][2] - 0.03

# 3) Secure aggregation with pairwise masks: server sees only masked vectors, the sum is exact
updates = [rng.normal(size=6) for _ in range(5)]
masks = {(i, j): rng.normal(size=6) * 1e3 for i in range(5) for j in range(i + 1, 5)}  # agreed per pair


def masked(i):
    v = updates[i].copy()
    for (a, b), m in masks.items():
        if a == i:
            v += m                                   # lower id adds the pair's mask
        if b == i:
            v -= m                                   # higher id subtracts it
    return v


sent = [masked(i) for i in range(5)]
assert np.allclose(sum(sent), sum(updates))                               # masks cancel in the sum
assert min(np.abs(s - u).max() for s, u in zip(sent, updates)) > 10       # each upload looks random
print("secure aggregation: masked sum equals the true sum")
print("ok")
