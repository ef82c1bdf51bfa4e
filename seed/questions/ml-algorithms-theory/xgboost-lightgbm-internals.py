"""XGBoost's second-order leaf weights and split gain, and LightGBM-style histogram split finding."""
import numpy as np

rng = np.random.default_rng(5)
sigmoid = lambda z: 1 / (1 + np.exp(-z))

# One boosting round on log-loss, starting from raw score F = 0 for every row
n = 20_000
x = rng.normal(size=n)
y = (rng.uniform(size=n) < sigmoid(2 * x - 0.5)).astype(float)
F = np.zeros(n)
p = sigmoid(F)
g, h = p - y, p * (1 - p)            # first and second derivative of log-loss w.r.t. the raw score
lam, gamma = 1.0, 0.0


def leaf_weight(G, H):
    return -G / (H + lam)


def score(G, H):                     # minus twice the best objective reduction of one leaf
    return G * G / (H + lam)


def split_gain(GL, HL, GR, HR):
    return 0.5 * (score(GL, HL) + score(GR, HR) - score(GL + GR, HL + HR)) - gamma


# 1) w* = -G/(H+lam) minimises the second-order objective G w + 0.5 (H + lam) w^2
G, H = g.sum(), h.sum()
ws = np.linspace(-2, 2, 40001)
obj = G * ws + 0.5 * (H + lam) * ws ** 2
assert abs(ws[obj.argmin()] - leaf_weight(G, H)) < 1e-4
# ... and is one Newton step toward the exact optimal constant for log-loss (log-odds of the mean)
exact = np.log(y.mean() / (1 - y.mean()))
print(f"Newton leaf weight {leaf_weight(G, H):.4f}, exact optimum {exact:.4f}")
assert abs(leaf_weight(G, H) - exact) < 0.05
# For squared loss (g = F - y, h = 1, lam = 0) the leaf weight is the mean residual
r = rng.normal(3, 1, 50)
assert np.isclose(-(0 - r).sum() / len(r), r.mean())

# 2) exact greedy split: sort once, scan cumulative sums
order = np.argsort(x)
Gc, Hc = np.cumsum(g[order]), np.cumsum(h[order])
gains = split_gain(Gc[:-1], Hc[:-1], G - Gc[:-1], H - Hc[:-1])
valid = np.diff(x[order]) > 0
best_exact = gains[valid].max()

# 3) histogram split: 64 quantile bins, accumulate (G, H) per bin, scan only 63 thresholds
edges = np.quantile(x, np.linspace(0, 1, 65)[1:-1])
bins = np.searchsorted(edges, x, side="right")
Gb = np.bincount(bins, weights=g, minlength=64)
Hb = np.bincount(bins, weights=h, minlength=64)
GbL, HbL = np.cumsum(Gb)[:-1], np.cumsum(Hb)[:-1]
best_hist = split_gain(GbL, HbL, G - GbL, H - HbL).max()
print(f"best gain exact {best_exact:.2f} (of {valid.sum()} thresholds), histogram {best_hist:.2f} (of 63)")
assert best_hist <= best_exact + 1e-9 and best_hist > 0.99 * best_exact   # within 1% of exact

# 4) Histogram subtraction: the sibling's histogram is parent minus child, no second pass over rows
left = x < 0
Gb_left = np.bincount(bins[left], weights=g[left], minlength=64)
Gb_right = np.bincount(bins[~left], weights=g[~left], minlength=64)
assert np.allclose(Gb - Gb_left, Gb_right)
print("ok")
