"""Curse of dimensionality: nearest and farthest neighbours become equally far as d grows."""
import numpy as np

rng = np.random.default_rng(7)
n = 1000
contrast = {}
for d in (2, 10, 100, 1000):
    X = rng.uniform(size=(n, d))
    q = rng.uniform(size=d)
    dist = np.linalg.norm(X - q, axis=1)
    contrast[d] = (dist.max() - dist.min()) / dist.min()
    # theory for uniform data: E||x - q||^2 = d/6 for two independent points, std of the distance ~ constant
    print(f"d={d:5d}: min {dist.min():6.2f} max {dist.max():6.2f} relative contrast {contrast[d]:.3f} "
          f"(sqrt(d/6) = {np.sqrt(d / 6):.2f}, mean {dist.mean():.2f})")
assert contrast[2] > 10 * contrast[100] and contrast[100] > contrast[1000]
assert abs(dist.mean() / np.sqrt(1000 / 6) - 1) < 0.01

# Edge length of a sub-cube holding 1% of uniform data: 0.01 ** (1/d)
edge = {d: 0.01 ** (1 / d) for d in (1, 2, 10, 100)}
print("edge needed for 1% of the data:", {d: round(e, 3) for d, e in edge.items()})
assert np.isclose(edge[10], 0.631, atol=1e-3) and edge[100] > 0.95

print("ok")
