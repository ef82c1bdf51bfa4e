import numpy as np


class RunningStats:
    def __init__(self):
        self.n, self.mean, self.m2 = 0, 0.0, 0.0

    def push(self, x):
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)

    def merge(self, other):
        out = RunningStats()
        out.n = self.n + other.n
        if out.n == 0:
            return out
        delta = other.mean - self.mean
        out.mean = self.mean + delta * other.n / out.n
        out.m2 = self.m2 + other.m2 + delta * delta * self.n * other.n / out.n
        return out

    def var(self, ddof=0):
        if self.n - ddof <= 0:
            raise ValueError("not enough data")
        return self.m2 / (self.n - ddof)


def weighted_stats(xs, ws):
    W, mean, m2 = 0.0, 0.0, 0.0
    for x, w in zip(xs, ws):
        W += w
        delta = x - mean
        mean += w / W * delta
        m2 += w * delta * (x - mean)
    return mean, m2 / W


# Worked example.
rs = RunningStats()
for x in [2, 4, 4, 4, 5, 5, 7, 9]:
    rs.push(x)
assert rs.mean == 5 and np.isclose(rs.m2, 32) and np.isclose(rs.var(), 4)
assert np.isclose(rs.var(ddof=1), 32 / 7)

# Large offset: Welford is accurate, the naive one-pass formula is not.
rng = np.random.default_rng(0)
data = 1e9 + rng.normal(0, 1, 100_000)
rs = RunningStats()
s = sq = 0.0
for x in data:
    rs.push(float(x))
    s += x; sq += x * x
naive = sq / len(data) - (s / len(data)) ** 2
ref = np.var(data)
assert abs(rs.var() - ref) / ref < 1e-6, (rs.var(), ref)
assert abs(naive - ref) > 1.0, naive                # catastrophic cancellation
print("welford", rs.var(), "numpy", ref, "naive", naive)

# Parallel merge of chunk summaries equals the whole.
x = rng.normal(5, 3, 10_000)
parts = []
for chunk in np.array_split(x, 10):
    r = RunningStats()
    for v in chunk:
        r.push(float(v))
    parts.append(r)
total = parts[0]
for p in parts[1:]:
    total = total.merge(p)
assert total.n == len(x)
assert np.isclose(total.mean, x.mean()) and np.isclose(total.var(ddof=1), x.var(ddof=1))

# Weighted version.
w = rng.uniform(0.1, 3, 1000); v = rng.normal(2, 1, 1000)
m, var_w = weighted_stats(v, w)
assert np.isclose(m, np.average(v, weights=w))
assert np.isclose(var_w, np.average((v - np.average(v, weights=w)) ** 2, weights=w))
