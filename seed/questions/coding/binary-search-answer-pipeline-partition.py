"""Binary search on the answer: split layer costs into k contiguous pipeline stages to minimise
the slowest stage (split array largest sum). Greedy feasibility check + binary search,
recovery of the cut points, an O(k n^2) DP and brute force over all cut positions."""
import itertools
import random


def stages_needed(costs, cap):
    """Greedy: fill a stage until the next layer would exceed cap. Minimal #stages for this cap."""
    stages, load = 1, 0
    for c in costs:
        if load + c > cap:
            stages, load = stages + 1, 0
        load += c
    return stages


def min_max_stage(costs, k):
    lo, hi = max(costs), sum(costs)          # answer lies in [max, sum]
    while lo < hi:                           # invariant: answer in [lo, hi]
        mid = (lo + hi) // 2
        if stages_needed(costs, mid) <= k:   # feasible: the answer is mid or smaller
            hi = mid
        else:
            lo = mid + 1
    return lo


def partition(costs, k):
    """Concrete stages achieving the optimum, exactly k non-empty stages (needs len(costs) >= k)."""
    cap = min_max_stage(costs, k)
    parts, cur = [], []
    for i, c in enumerate(costs):
        remaining_items = len(costs) - i
        remaining_stages = k - len(parts) - 1        # stages still to open after the current one
        if cur and (sum(cur) + c > cap or remaining_items == remaining_stages):
            parts.append(cur)
            cur = []
        cur.append(c)
    parts.append(cur)
    return cap, parts


def dp(costs, k):
    n = len(costs)
    P = [0] + list(itertools.accumulate(costs))
    INF = float("inf")
    f = [[INF] * (n + 1) for _ in range(k + 1)]   # f[j][i]: best max for first i layers in j stages
    f[0][0] = 0
    for j in range(1, k + 1):
        for i in range(1, n + 1):
            for t in range(j - 1, i):
                f[j][i] = min(f[j][i], max(f[j - 1][t], P[i] - P[t]))
    return f[k][n]


def brute(costs, k):
    n, best = len(costs), float("inf")
    for cuts in itertools.combinations(range(1, n), k - 1):
        b = (0,) + cuts + (n,)
        best = min(best, max(sum(costs[b[i]:b[i + 1]]) for i in range(k)))
    return best


# 12 transformer blocks with uneven cost (ms per micro-batch): embedding-heavy start, LM head at the end
layers = [9, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 12]
cap, parts = partition(layers, 4)
assert cap == 16 == brute(layers, 4) == dp(layers, 4)
assert len(parts) == 4 and max(map(sum, parts)) == 16 and sum(parts, []) == layers
assert max(sum(layers[i:i + 3]) for i in range(0, 12, 3)) == 20          # equal layer counts: 25% slower
print("slowest stage:", cap, "ms; stages:", parts, "; naive 3-layers-each:",
      max(sum(layers[i:i + 3]) for i in range(0, 12, 3)), "ms")
assert min_max_stage([7, 2, 5, 10, 8], 2) == 18
assert min_max_stage([1, 2, 3, 4, 5], 1) == 15 and min_max_stage([1, 2, 3, 4, 5], 5) == 5
assert min_max_stage([5], 1) == 5

rng = random.Random(0)
for _ in range(300):
    n = rng.randint(1, 9)
    costs = [rng.randint(0, 10) for _ in range(n)]
    if sum(costs) == 0:
        costs[0] = 1
    k = rng.randint(1, n)
    expect = brute(costs, k)
    assert min_max_stage(costs, k) == expect == dp(costs, k)
    cap, parts = partition(costs, k)
    assert cap == expect and len(parts) == k and all(parts) and sum(parts, []) == costs
    assert max(map(sum, parts)) == expect
    # monotonicity that makes binary search valid: more capacity never needs more stages
    caps = range(max(costs), sum(costs) + 1)
    need = [stages_needed(costs, c) for c in caps]
    assert all(x >= y for x, y in zip(need, need[1:]))
print("random instances checked: 300")
