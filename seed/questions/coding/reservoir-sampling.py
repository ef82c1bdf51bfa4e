import heapq
import itertools
import math
import random
from collections import Counter


def reservoir_r(stream, k, rng):
    res = []
    for i, x in enumerate(stream, start=1):
        if i <= k:
            res.append(x)
        else:
            j = rng.randint(1, i)           # inclusive on both ends
            if j <= k:
                res[j - 1] = x
    return res


def reservoir_l(stream, k, rng):
    """Li's Algorithm L: jump over items that will not be selected."""
    it = iter(stream)
    res = list(itertools.islice(it, k))
    w = math.exp(math.log(rng.random()) / k)
    i = k                                   # items consumed so far
    while True:
        skip = int(math.floor(math.log(rng.random()) / math.log(1 - w)))
        nxt = next(itertools.islice(it, skip, skip + 1), None)
        if nxt is None:
            return res
        i += skip + 1
        res[rng.randrange(k)] = nxt
        w *= math.exp(math.log(rng.random()) / k)


def weighted_reservoir(stream, k, rng):
    """A-Res: keep the k largest u**(1/w); implemented as the k smallest -ln(u)/w."""
    heap = []                               # max-heap on key via negation
    for x, w in stream:
        key = -math.log(1.0 - rng.random()) / w   # 1 - u in (0, 1]: never log(0)
        if len(heap) < k:
            heapq.heappush(heap, (-key, x))
        elif key < -heap[0][0]:
            heapq.heapreplace(heap, (-key, x))
    return [x for _, x in heap]


# Exact check by enumeration: n=5, k=2, choices j at i=3,4,5.
counts = Counter()
for js in itertools.product(range(1, 4), range(1, 5), range(1, 6)):
    res = ["a", "b"]
    for x, i, j in zip("cde", (3, 4, 5), js):
        if j <= 2:
            res[j - 1] = x
    counts[frozenset(res)] += 1
assert len(counts) == 10 and set(counts.values()) == {6}

# Simulation: inclusion probability k/n = 0.3, both algorithms.
rng = random.Random(0)
trials, n, k = 20000, 10, 3
se = math.sqrt(0.3 * 0.7 / trials)
for algo in (reservoir_r, reservoir_l):
    inc = Counter()
    for _ in range(trials):
        inc.update(algo(range(n), k, rng))
    assert all(abs(inc[x] / trials - 0.3) < 5 * se for x in range(n)), (algo.__name__, inc)
    assert sum(inc.values()) == trials * k

# Short streams: fewer than k items returns them all.
assert sorted(reservoir_r(range(2), 5, rng)) == [0, 1]

# Weighted, k=1: P(pick i) = w_i / sum(w).
weights = {"x": 1.0, "y": 2.0, "z": 7.0}
picks = Counter(weighted_reservoir(weights.items(), 1, rng)[0] for _ in range(20000))
for key, w in weights.items():
    p = w / 10.0
    assert abs(picks[key] / 20000 - p) < 5 * math.sqrt(p * (1 - p) / 20000)
print("ok")
