"""Subarray sum equals k: prefix sums + hash map (counts, longest span, existence),
the two-pointer shortcut that only works for non-negative values, and sums divisible by m;
checked against O(n^2) brute force."""
import random
from collections import defaultdict


def count_subarrays(a, k):
    """Number of contiguous non-empty subarrays with sum k. O(n) time and memory."""
    seen = defaultdict(int)
    seen[0] = 1                  # the empty prefix: subarrays that start at index 0
    prefix = total = 0
    for x in a:
        prefix += x
        total += seen[prefix - k]   # every earlier prefix P with prefix - P == k ends a match here
        seen[prefix] += 1           # add AFTER querying, so an empty subarray is never counted
    return total


def longest_subarray(a, k):
    """Length of the longest subarray with sum k: keep the FIRST index of each prefix value."""
    first = {0: -1}
    prefix = best = 0
    for i, x in enumerate(a):
        prefix += x
        if prefix - k in first:
            best = max(best, i - first[prefix - k])
        first.setdefault(prefix, i)
    return best


def find_nonneg(a, k):
    """Two pointers: valid ONLY when all values are >= 0 (window sum is monotone). Returns (i, j) or None."""
    left = s = 0
    for right, x in enumerate(a):
        s += x
        while s > k and left <= right:
            s -= a[left]
            left += 1
        if s == k and left <= right:
            return (left, right + 1)
    return None


def count_divisible(a, m):
    """Subarrays whose sum is divisible by m: count equal prefix residues."""
    seen = defaultdict(int)
    seen[0] = 1
    prefix = total = 0
    for x in a:
        prefix = (prefix + x) % m       # Python's % is non-negative for m > 0
        total += seen[prefix]
        seen[prefix] += 1
    return total


def brute(a, pred):
    return [(i, j) for i in range(len(a)) for j in range(i + 1, len(a) + 1) if pred(sum(a[i:j]))]


assert count_subarrays([1, 1, 1], 2) == 2
assert count_subarrays([1, 2, 3], 3) == 2                      # [1,2] and [3]
assert count_subarrays([0, 0, 0], 0) == 6                      # every non-empty subarray
assert count_subarrays([], 0) == 0
assert count_subarrays([3, -1, -2, 5, -5], 0) == 3             # [3,-1,-2], [5,-5], [3,-1,-2,5,-5]
# Daily net change in active subscribers: in how many windows did we net exactly +3?
net = [2, -1, 2, 0, 1, -2, 3, 1, -1]
windows = count_subarrays(net, 3)
assert windows == len(brute(net, lambda s: s == 3)) == 9
assert longest_subarray(net, 3) == 8                           # days 2..9: -1+2+0+1-2+3+1-1
print("windows with net +3:", windows, "; longest such window:", longest_subarray(net, 3), "days")
# Two pointers break with negatives: the sum is not monotone in the window
assert find_nonneg([8, 10, 2, 3, 1, 4, 4], 6) == (2, 5)        # 2 + 3 + 1
assert find_nonneg([7, -5, 1], 3) is None and count_subarrays([7, -5, 1], 3) == 1   # 7 - 5 + 1
assert count_divisible([4, 5, 0, -2, -3, 1], 5) == 7

rng = random.Random(0)
for _ in range(300):
    a = [rng.randint(-4, 4) for _ in range(rng.randint(0, 12))]
    k = rng.randint(-5, 5)
    hits = brute(a, lambda s: s == k)
    assert count_subarrays(a, k) == len(hits)
    assert longest_subarray(a, k) == max([j - i for i, j in hits], default=0)
    m = rng.randint(1, 6)
    assert count_divisible(a, m) == len(brute(a, lambda s: s % m == 0))
    b = [abs(x) for x in a]                                   # non-negative copy
    got = find_nonneg(b, abs(k))
    exp = brute(b, lambda s: s == abs(k))
    assert (got is None) == (not exp) and (got is None or sum(b[got[0]:got[1]]) == abs(k))
print("random arrays checked: 300")
