"""Minimum window substring: shrink-while-valid sliding window with a 'missing' counter,
used on characters and on tokens (shortest snippet covering all query terms), plus the
ordered variant (minimum window subsequence); checked against brute force."""
import random
from collections import Counter


def min_window(s, t):
    """Shortest s[i:j] containing every element of t with multiplicity. Returns (i, j) or None."""
    if not t:
        return (0, 0)
    need = Counter(t)
    missing = len(t)                     # how many required items the window still lacks
    left, best = 0, None
    for right, x in enumerate(s):
        if need[x] > 0:
            missing -= 1
        need[x] -= 1                      # negative = surplus inside the window
        while missing == 0:               # valid: record, then try to shrink
            if best is None or right + 1 - left < best[1] - best[0]:
                best = (left, right + 1)
            need[s[left]] += 1
            if need[s[left]] > 0:         # we just dropped a required item
                missing += 1
            left += 1
    return best


def min_window_subsequence(s, t):
    """Shortest s[i:j] containing t as a subsequence (order matters). O(|s| * |t|) worst case."""
    best, i = None, 0
    while i < len(s):
        k = 0
        while i < len(s):                 # forward: find the end of a match starting anywhere >= i
            if s[i] == t[k]:
                k += 1
                if k == len(t):
                    break
            i += 1
        if i == len(s):
            break
        end, k = i, len(t) - 1
        while k >= 0:                     # backward: tighten the start
            if s[i] == t[k]:
                k -= 1
            i -= 1
        start = i + 1
        if best is None or end + 1 - start < best[1] - best[0]:
            best = (start, end + 1)
        i = start + 1
    return best


def brute(s, t, ordered=False):
    def ok(w):
        if ordered:
            it = iter(w)
            return all(c in it for c in t)
        need = Counter(t)
        return all(Counter(w)[c] >= n for c, n in need.items())
    best = None
    for i in range(len(s) + 1):
        for j in range(i, len(s) + 1):
            if ok(s[i:j]) and (best is None or j - i < best[1] - best[0]):
                best = (i, j)
    return best


i, j = min_window("ADOBECODEBANC", "ABC")
assert "ADOBECODEBANC"[i:j] == "BANC"
assert min_window("a", "aa") is None                     # multiplicity matters
assert min_window("aa", "aa") == (0, 2)
assert min_window("abc", "") == (0, 0)
doc = ("the model uses sparse attention ; later the attention maps show that sparse "
       "patterns emerge in the model").split()
i, j = min_window(doc, ["sparse", "attention", "model"])
assert doc[i:j] == ["model", "uses", "sparse", "attention"]
print("shortest snippet:", " ".join(doc[i:j]))
i, j = min_window_subsequence("abcdebdde", "bde")
assert "abcdebdde"[i:j] == "bcde"

rng = random.Random(0)
for _ in range(300):
    s = "".join(rng.choice("abc") for _ in range(rng.randint(0, 12)))
    t = "".join(rng.choice("abc") for _ in range(rng.randint(1, 4)))
    got, exp = min_window(s, t), brute(s, t)
    assert (got is None) == (exp is None)
    if got:
        assert got[1] - got[0] == exp[1] - exp[0]
        assert not Counter(t) - Counter(s[got[0]:got[1]])          # the window really covers t
    got, exp = min_window_subsequence(s, t), brute(s, t, ordered=True)
    assert (got is None) == (exp is None)
    if got:
        assert got[1] - got[0] == exp[1] - exp[0]
print("random (s, t) pairs checked: 300")
