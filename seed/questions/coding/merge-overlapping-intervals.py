"""Merge overlapping intervals (e.g. annotation spans), insert into a sorted list,
intersect two interval lists; checked against a pairwise-overlap connected-components brute force."""
import bisect
import random


def merge(intervals, merge_touching=True):
    """Closed intervals [s, e]. merge_touching: [1,3] and [3,5] become [1,5]."""
    out = []
    for s, e in sorted(intervals):                       # sort by start (then end)
        if out and (s <= out[-1][1] if merge_touching else s < out[-1][1]):
            out[-1][1] = max(out[-1][1], e)              # extend; never shrink
        else:
            out.append([s, e])
    return out


def insert(sorted_disjoint, new):
    """Insert one interval into a sorted, disjoint list: O(log n) to find, O(n) to rebuild."""
    s, e = new
    starts = [a for a, _ in sorted_disjoint]
    lo = bisect.bisect_left([b for _, b in sorted_disjoint], s)   # first interval ending >= s
    hi = bisect.bisect_right(starts, e)                           # intervals starting <= e overlap
    if lo < hi:
        s = min(s, sorted_disjoint[lo][0])
        e = max(e, sorted_disjoint[hi - 1][1])
    return sorted_disjoint[:lo] + [[s, e]] + sorted_disjoint[hi:]


def intersect(A, B):
    """Two sorted disjoint lists -> their intersection, two pointers, O(len(A) + len(B))."""
    i = j = 0
    out = []
    while i < len(A) and j < len(B):
        lo, hi = max(A[i][0], B[j][0]), min(A[i][1], B[j][1])
        if lo <= hi:
            out.append([lo, hi])
        if A[i][1] < B[j][1]:
            i += 1
        else:
            j += 1
    return out


def brute_merge(intervals, merge_touching=True):
    n = len(intervals)
    if merge_touching:
        ov = lambda a, b: a[0] <= b[1] and b[0] <= a[1]          # share at least a point
    else:
        ov = lambda a, b: a[0] < b[1] and b[0] < a[1]            # share positive length
    comp = list(range(n))
    changed = True
    while changed:                                   # label propagation until stable
        changed = False
        for i in range(n):
            for j in range(n):
                if ov(intervals[i], intervals[j]) and comp[j] < comp[i]:
                    comp[i], changed = comp[j], True
    groups = {}
    for i, c in enumerate(comp):
        s, e = intervals[i]
        g = groups.setdefault(c, [s, e])
        g[0], g[1] = min(g[0], s), max(g[1], e)
    return sorted(groups.values())


def brute_points(intervals):
    return {x for s, e in intervals for x in range(s, e + 1)}


# Speech segments [start, end] in seconds marked by three annotators on one recording
spans = [[5, 9], [0, 3], [8, 12], [2, 4], [20, 22], [12, 15]]
assert merge(spans) == [[0, 4], [5, 15], [20, 22]]
assert merge([[1, 3], [3, 5]]) == [[1, 5]]
assert merge([[1, 3], [3, 5]], merge_touching=False) == [[1, 3], [3, 5]]
assert merge([[1, 10], [2, 3], [4, 5]]) == [[1, 10]]          # containment: keep max end
assert merge([]) == [] and merge([[4, 4]]) == [[4, 4]]
assert insert([[1, 3], [6, 9]], [2, 5]) == [[1, 5], [6, 9]]
assert insert([[1, 2], [3, 5], [6, 7], [8, 10], [12, 16]], [4, 8]) == [[1, 2], [3, 10], [12, 16]]
assert intersect([[0, 2], [5, 10]], [[1, 5], [8, 12]]) == [[1, 2], [5, 5], [8, 10]]
covered = sum(e - s for s, e in merge(spans))
assert covered == 16                                          # seconds of speech in total
print("merged:", merge(spans), "covered seconds:", covered)

rng = random.Random(0)
for _ in range(300):
    iv = []
    for _ in range(rng.randint(0, 8)):
        s = rng.randint(0, 20)
        iv.append([s, s + rng.randint(0, 5)])
    assert merge(iv) == brute_merge(iv)
    pos = [x for x in iv if x[1] > x[0]]           # strict mode: positive-length spans
    assert merge(pos, merge_touching=False) == brute_merge(pos, merge_touching=False)
    m = merge(iv)
    assert brute_points(m) == brute_points(iv)                              # same coverage
    assert all(a[1] < b[0] for a, b in zip(m, m[1:]))                       # disjoint, sorted
    new = sorted([rng.randint(0, 25), rng.randint(0, 25)])
    assert insert(m, new) == merge(m + [new])
    m2 = merge([[s, s + rng.randint(0, 4)] for s in rng.sample(range(25), rng.randint(0, 5))])
    assert brute_points(intersect(m, m2)) == brute_points(m) & brute_points(m2)
print("random interval sets checked: 300")
