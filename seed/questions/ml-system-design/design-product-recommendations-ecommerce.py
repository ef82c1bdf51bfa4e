"""Item-to-item "customers also bought": raw co-counts favour best-sellers; cosine and lift find complements."""
import numpy as np

rng = np.random.default_rng(11)
n_items, n_orders = 200, 20_000
BESTSELLER, CAMERA, MEMORY_CARD = 0, 1, 2
pop = rng.pareto(1.5, size=n_items) + 1
pop /= pop.sum()

# Each order: background items drawn independently by popularity (~2.5 items per order),
# a best-seller in 40% of orders, and cameras with a 25% memory-card attach rate.
orders = (rng.random((n_orders, n_items)) < np.minimum(1, 2.5 * pop)).astype(np.int8)
orders[:, BESTSELLER] = rng.random(n_orders) < 0.40           # e.g. batteries / bananas
camera = rng.random(n_orders) < 0.02
orders[:, CAMERA] = camera
orders[:, MEMORY_CARD] = camera & (rng.random(n_orders) < 0.25)

O = orders.astype(float)
C = O.T @ O                                                    # co-purchase counts
n_i = np.diag(C).astype(float)                                 # orders containing each item
np.fill_diagonal(C, 0)
cosine = C / np.sqrt(np.outer(n_i, n_i))
lift = C * n_orders / np.outer(n_i, n_i)                       # P(i,j) / (P(i) P(j))

top_raw = int(np.argmax(C[CAMERA]))
top_cos = int(np.argmax(cosine[CAMERA]))
lift_ok = np.where(C[CAMERA] >= 20, lift[CAMERA], 0)          # lift needs a support floor
top_lift = int(np.argmax(lift_ok))
print(f"camera bought in {int(n_i[CAMERA])} orders; top co-bought item by raw count: {top_raw}, "
      f"by cosine: {top_cos}, by lift (support>=20): {top_lift}")
print(f"camera->bestseller: count {C[CAMERA, BESTSELLER]}, cosine {cosine[CAMERA, BESTSELLER]:.3f}, lift {lift[CAMERA, BESTSELLER]:.2f}")
print(f"camera->memory card: count {C[CAMERA, MEMORY_CARD]}, cosine {cosine[CAMERA, MEMORY_CARD]:.3f}, lift {lift[CAMERA, MEMORY_CARD]:.2f}")

# Tiny hand-checkable case: 4 orders, items a, b, c.
tiny = np.array([[1, 1, 0], [1, 1, 1], [1, 0, 1], [0, 0, 1]])
Ct = tiny.T @ tiny
assert Ct[0, 1] == 2 and np.isclose(Ct[0, 1] / np.sqrt(Ct[0, 0] * Ct[1, 1]), 2 / np.sqrt(3 * 2))

assert top_raw == BESTSELLER                                   # raw counts: "everyone buys batteries"
assert top_cos == MEMORY_CARD and top_lift == MEMORY_CARD      # normalised scores find the complement
assert abs(lift[CAMERA, BESTSELLER] - 1) < 0.2                 # independent of cameras: lift ~ 1
