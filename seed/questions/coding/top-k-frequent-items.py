import heapq
import random
from collections import Counter


def topk_heap(items, k):
    counts = Counter(items)
    return [x for x, _ in heapq.nsmallest(k, counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def topk_bucket(items, k):
    counts = Counter(items)
    buckets = [[] for _ in range(len(items) + 1)]
    for x, c in counts.items():
        buckets[c].append(x)
    out = []
    for c in range(len(buckets) - 1, 0, -1):
        for x in sorted(buckets[c]):             # tie-break: smallest item first
            out.append(x)
            if len(out) == k:
                return out
    return out


def topk_sort(items, k):
    return [x for x, _ in sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def misra_gries(stream, k):
    counters = {}
    for x in stream:
        if x in counters:
            counters[x] += 1
        elif len(counters) < k:
            counters[x] = 1
        else:
            for key in list(counters):
                counters[key] -= 1
                if counters[key] == 0:
                    del counters[key]
    return counters


items = "a b c a b a d e e e e".split()
for f in (topk_heap, topk_bucket, topk_sort):
    assert f(items, 3) == ["e", "a", "b"]
    assert f(items, 4) == ["e", "a", "b", "c"]
    assert f(items, 10) == ["e", "a", "b", "c", "d"]

rng = random.Random(0)
for _ in range(100):
    n = rng.randint(1, 300)
    data = [int(rng.paretovariate(1.2)) for _ in range(n)]
    k = rng.randint(1, 15)
    ref = topk_sort(data, k)
    assert topk_heap(data, k) == ref and topk_bucket(data, k) == ref

# Misra-Gries: items with frequency > n/(k+1) survive; undercount <= n/(k+1).
stream = [int(rng.paretovariate(1.0)) for _ in range(100_000)]
k = 20
mg, truth = misra_gries(stream, k), Counter(stream)
bound = len(stream) / (k + 1)
for x, c in truth.items():
    if c > bound:
        assert x in mg
for x, c in mg.items():
    assert truth[x] - bound <= c <= truth[x]
print("heavy hitters", sorted(mg.items(), key=lambda kv: -kv[1])[:5])
