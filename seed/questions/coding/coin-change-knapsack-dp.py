"""Coin change (fewest coins, number of ways) and 0/1 knapsack as 1-D DPs,
with the greedy counterexample, checked against exhaustive enumeration."""
import itertools
import random

INF = float("inf")


def min_coins(coins, amount):
    """Fewest coins summing to amount (unlimited supply); returns (count, coins used) or (-1, [])."""
    best = [0] + [INF] * amount
    last = [-1] * (amount + 1)
    for x in range(1, amount + 1):
        for c in coins:
            if c <= x and best[x - c] + 1 < best[x]:
                best[x], last[x] = best[x - c] + 1, c
    if best[amount] == INF:
        return -1, []
    used, x = [], amount
    while x:
        used.append(last[x])
        x -= last[x]
    return best[amount], sorted(used)


def greedy_coins(coins, amount):
    n = 0
    for c in sorted(coins, reverse=True):
        n += amount // c
        amount %= c
    return n if amount == 0 else -1


def count_combinations(coins, amount):
    """Number of multisets of coins summing to amount: coins in the OUTER loop."""
    ways = [1] + [0] * amount
    for c in coins:
        for x in range(c, amount + 1):
            ways[x] += ways[x - c]
    return ways[amount]


def count_sequences(coins, amount):
    """Number of ordered sequences (1+2 and 2+1 differ): amount in the OUTER loop."""
    ways = [1] + [0] * amount
    for x in range(1, amount + 1):
        ways[x] = sum(ways[x - c] for c in coins if c <= x)
    return ways[amount]


def knapsack_01(items, capacity):
    """items: (weight, value), each used at most once. Iterate capacity DOWNWARD."""
    best = [0] * (capacity + 1)
    for w, v in items:
        for cap in range(capacity, w - 1, -1):
            best[cap] = max(best[cap], best[cap - w] + v)
    return best[capacity]


# --- brute force -------------------------------------------------------------
def brute_counts(coins, amount):
    """Enumerate how many of each coin; return (fewest coins, number of multisets)."""
    fewest, ways = INF, 0
    for counts in itertools.product(*[range(amount // c + 1) for c in coins]):
        if sum(k * c for k, c in zip(counts, coins)) == amount:
            ways += 1
            fewest = min(fewest, sum(counts))
    return (-1 if fewest == INF else fewest), ways


def brute_sequences(coins, amount):
    if amount == 0:
        return 1
    return sum(brute_sequences(coins, amount - c) for c in coins if c <= amount)


def brute_knapsack(items, capacity):
    best = 0
    for mask in range(1 << len(items)):
        chosen = [items[i] for i in range(len(items)) if mask >> i & 1]
        if sum(w for w, _ in chosen) <= capacity:
            best = max(best, sum(v for _, v in chosen))
    return best


assert min_coins([1, 2, 5], 11) == (3, [1, 5, 5])
assert min_coins([2], 3) == (-1, [])
assert min_coins([7], 0) == (0, [])
# Greedy is not optimal for non-canonical coin systems
assert greedy_coins([1, 3, 4], 6) == 3 and min_coins([1, 3, 4], 6) == (2, [3, 3])
assert count_combinations([1, 2, 5], 5) == 4          # 5, 2+2+1, 2+1+1+1, 1*5
assert count_sequences([1, 2], 4) == 5               # 1111, 112, 121, 211, 22
# Choose features under a 10 ms latency budget: (ms, offline gain)
feats = [(5, 10), (4, 40), (6, 30), (3, 50)]
assert knapsack_01(feats, 10) == 90                  # 4 ms + 3 ms items
print("min_coins([1,2,5], 11) =", min_coins([1, 2, 5], 11), "; knapsack =", knapsack_01(feats, 10))

rng = random.Random(0)
for _ in range(300):
    coins = sorted(rng.sample(range(1, 9), rng.randint(1, 3)))
    amount = rng.randint(0, 20)
    fewest, ways = brute_counts(coins, amount)
    n, used = min_coins(coins, amount)
    assert n == fewest and (n == -1 or (sum(used) == amount and len(used) == n))
    assert count_combinations(coins, amount) == ways
    if amount <= 12:
        assert count_sequences(coins, amount) == brute_sequences(coins, amount)
    items = [(rng.randint(1, 6), rng.randint(0, 20)) for _ in range(rng.randint(0, 8))]
    cap = rng.randint(0, 15)
    assert knapsack_01(items, cap) == brute_knapsack(items, cap)
print("random instances checked: 300")
