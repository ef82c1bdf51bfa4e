"""Edit distance: full DP with backtrace (substitutions/deletions/insertions -> WER),
O(min(m,n)) memory, the O(n) one-edit check and a banded 'within k' check,
verified against breadth-first search over actual edit operations."""
import random
from collections import deque


def edit_table(a, b):
    m, n = len(a), len(b)
    D = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m + 1):
        D[i][0] = i                          # delete all of a[:i]
    for j in range(n + 1):
        D[0][j] = j                          # insert all of b[:j]
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            D[i][j] = min(D[i - 1][j] + 1,                            # delete a[i-1]
                          D[i][j - 1] + 1,                            # insert b[j-1]
                          D[i - 1][j - 1] + (a[i - 1] != b[j - 1]))   # match / substitute
    return D


def alignment_counts(ref, hyp):
    """Backtrace one optimal alignment; return (substitutions, deletions, insertions)."""
    D = edit_table(ref, hyp)
    i, j, S, Dl, I = len(ref), len(hyp), 0, 0, 0
    while i or j:
        if i and j and D[i][j] == D[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            S += ref[i - 1] != hyp[j - 1]
            i, j = i - 1, j - 1
        elif i and D[i][j] == D[i - 1][j] + 1:
            Dl, i = Dl + 1, i - 1
        else:
            I, j = I + 1, j - 1
    return S, Dl, I


def wer(ref_text, hyp_text):
    ref, hyp = ref_text.split(), hyp_text.split()
    S, Dl, I = alignment_counts(ref, hyp)
    return (S + Dl + I) / len(ref), (S, Dl, I)


def edit_distance_two_rows(a, b):
    if len(a) < len(b):
        a, b = b, a                          # keep the shorter string as the row
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[-1]


def one_edit_away(a, b):
    """O(n) time, O(1) memory: is the distance <= 1?"""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) < len(b):
        a, b = b, a
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]        # one substitution at i (or none)
    return a[i + 1:] == b[i:]                # one deletion from the longer string


def within_k(a, b, k):
    """Banded DP (Ukkonen): only cells with |i - j| <= k can be <= k. O(k * n) time."""
    m, n = len(a), len(b)
    if abs(m - n) > k:
        return False
    big = k + 1
    prev = {j: j for j in range(0, min(n, k) + 1)}
    for i in range(1, m + 1):
        cur = {}
        for j in range(max(0, i - k), min(n, i + k) + 1):
            best = prev.get(j, big) + 1
            if j > 0:
                best = min(best, cur.get(j - 1, big) + 1,
                           prev.get(j - 1, big) + (a[i - 1] != b[j - 1]))
            cur[j] = min(best, big)
        prev = cur
    return prev.get(n, big) <= k


def bfs_distance(a, b, alphabet):
    """Brute force: fewest single-character edits turning a into b."""
    seen, q = {a: 0}, deque([a])
    while q:
        s = q.popleft()
        if s == b:
            return seen[s]
        nbrs = {s[:p] + s[p + 1:] for p in range(len(s))}
        nbrs |= {s[:p] + c + s[p:] for p in range(len(s) + 1) for c in alphabet}
        nbrs |= {s[:p] + c + s[p + 1:] for p in range(len(s)) for c in alphabet}
        for t in nbrs:
            if t not in seen:
                seen[t] = seen[s] + 1
                q.append(t)


assert edit_table("kitten", "sitting")[-1][-1] == 3
assert edit_table("horse", "ros")[-1][-1] == 3
assert edit_table("", "abc")[-1][-1] == 3 and edit_table("", "")[-1][-1] == 0
assert edit_distance_two_rows("intention", "execution") == 5

rate, (S, Dl, I) = wer("the cat sat on the mat", "the cat sat on mat")
assert (S, Dl, I) == (0, 1, 0) and abs(rate - 1 / 6) < 1e-12
# Ties: "drop 'the', insert 'today'" and "two substitutions" both cost 2; the rate is
# unique, the S/D/I breakdown depends on the backtrace's tie-breaking (diagonal first here).
rate_t, counts_t = wer("the cat sat on the mat", "the cat sat on mat today")
assert abs(rate_t - 2 / 6) < 1e-12 and counts_t == (2, 0, 0)
rate2, _ = wer("yes", "no no no")
assert rate2 == 3.0                          # WER is not capped at 100%
print(f"WER = {rate:.3f} with S={S} D={Dl} I={I}; tie case {rate_t:.3f} {counts_t}; 'yes' vs 'no no no' -> {rate2:.1f}")

assert one_edit_away("pale", "ple") and one_edit_away("pale", "bale") and not one_edit_away("pale", "bake")
assert within_k("kitten", "sitting", 3) and not within_k("kitten", "sitting", 2)

rng = random.Random(0)
for _ in range(300):
    a = "".join(rng.choice("ab") for _ in range(rng.randint(0, 3)))
    b = "".join(rng.choice("ab") for _ in range(rng.randint(0, 3)))
    d = bfs_distance(a, b, "ab")
    assert edit_table(a, b)[-1][-1] == d == edit_distance_two_rows(a, b)
    S, Dl, I = alignment_counts(a, b)
    assert S + Dl + I == d and len(a) - Dl + I == len(b)   # counts are a consistent alignment
    assert one_edit_away(a, b) == (d <= 1)
for _ in range(300):                          # longer strings: banded check vs full DP
    a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 12)))
    b = "".join(rng.choice("abc") for _ in range(rng.randint(0, 12)))
    d = edit_table(a, b)[-1][-1]
    for k in range(0, 6):
        assert within_k(a, b, k) == (d <= k)
print("random pairs checked: 300 vs BFS over edits, 300 banded vs full DP")
