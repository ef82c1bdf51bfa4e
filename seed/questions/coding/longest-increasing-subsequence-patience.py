"""Longest increasing subsequence: O(n^2) DP, O(n log n) patience sorting with reconstruction,
the non-decreasing variant, and 2-D nesting (Russian dolls); checked against brute force."""
import bisect
import itertools
import random


def lis_quadratic(a):
    if not a:
        return 0
    best = [1] * len(a)                      # best[i] = LIS ending exactly at i
    for i in range(len(a)):
        for j in range(i):
            if a[j] < a[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best)


def lis(a, strict=True):
    """Returns one longest (strictly / non-strictly) increasing subsequence in O(n log n)."""
    tails, tails_idx = [], []                # tails[k] = smallest tail of an increasing run of length k+1
    prev = [-1] * len(a)
    place = bisect.bisect_left if strict else bisect.bisect_right
    for i, x in enumerate(a):
        k = place(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k > 0 else -1
    out, i = [], tails_idx[-1] if tails_idx else -1
    while i != -1:
        out.append(a[i])
        i = prev[i]
    return out[::-1]


def max_nesting(envelopes):
    """Max chain of (w, h) boxes each strictly inside the next: sort w asc, h desc, LIS on h."""
    env = sorted(envelopes, key=lambda e: (e[0], -e[1]))
    return len(lis([h for _, h in env]))


def brute(a, strict=True):
    ok = (lambda x, y: x < y) if strict else (lambda x, y: x <= y)
    for r in range(len(a), 0, -1):
        for comb in itertools.combinations(a, r):
            if all(ok(x, y) for x, y in zip(comb, comb[1:])):
                return r
    return 0


def brute_nesting(env):
    best = 0
    for r in range(1, len(env) + 1):
        for perm in itertools.permutations(env, r):
            if all(p[0] < q[0] and p[1] < q[1] for p, q in zip(perm, perm[1:])):
                best = max(best, r)
    return best


def is_subsequence(sub, a):
    it = iter(a)
    return all(x in it for x in sub)


a = [10, 9, 2, 5, 3, 7, 101, 18]
seq = lis(a)
assert len(seq) == 4 == lis_quadratic(a) and is_subsequence(seq, a)
print("LIS of", a, "->", seq)
assert len(lis([7, 7, 7, 7])) == 1 and len(lis([7, 7, 7, 7], strict=False)) == 4
assert lis([]) == [] and lis([5]) == [5]
assert len(lis(list(range(10, 0, -1)))) == 1 and len(lis(list(range(10)))) == 10
# Validation accuracy per checkpoint: longest run of checkpoints each strictly better than the last
val_acc = [0.61, 0.64, 0.63, 0.66, 0.65, 0.67, 0.67, 0.70]
assert lis(val_acc) == [0.61, 0.63, 0.65, 0.67, 0.70]
assert max_nesting([(5, 4), (6, 4), (6, 7), (2, 3)]) == 3  # (2,3) < (5,4) < (6,7)

rng = random.Random(0)
for _ in range(300):
    n = rng.randint(0, 10)
    a = [rng.randint(0, 6) for _ in range(n)]
    for strict in (True, False):
        s = lis(a, strict)
        assert len(s) == brute(a, strict) and is_subsequence(s, a)
        assert all((x < y) if strict else (x <= y) for x, y in zip(s, s[1:]))
    assert lis_quadratic(a) == brute(a)
for _ in range(100):
    env = [(rng.randint(1, 4), rng.randint(1, 4)) for _ in range(rng.randint(1, 6))]
    assert max_nesting(env) == brute_nesting(env)
print("random arrays checked: 300 (strict and non-strict), nesting: 100")
