"""Word break: boolean DP with a max-word-length bound, reconstruction, all segmentations,
and the most probable segmentation under a unigram model (Viterbi, as Unigram tokenizers do);
checked against enumerating all 2^(n-1) ways to cut the string."""
import math
import random
from functools import lru_cache


def word_break(s, words):
    """Return one segmentation as a list of words, or None. O(n * L) substring checks."""
    words = set(words)
    L = max(map(len, words), default=0)
    back = [-1] * (len(s) + 1)          # back[i] = start of the last word of a segmentation of s[:i]
    ok = [True] + [False] * len(s)
    for i in range(1, len(s) + 1):
        for j in range(max(0, i - L), i):
            if ok[j] and s[j:i] in words:
                ok[i], back[i] = True, j
                break
    if not ok[-1]:
        return None
    out, i = [], len(s)
    while i > 0:
        out.append(s[back[i]:i])
        i = back[i]
    return out[::-1]


def all_segmentations(s, words):
    """Word Break II. Output can be exponential, so memoize on the suffix start."""
    words = set(words)

    @lru_cache(maxsize=None)
    def go(i):
        if i == len(s):
            return [[]]
        res = []
        for j in range(i + 1, len(s) + 1):
            if s[i:j] in words:
                res += [[s[i:j]] + rest for rest in go(j)]
        return res
    return [" ".join(x) for x in go(0)]


def best_segmentation(s, logp):
    """Viterbi: maximise the sum of log-probabilities of the pieces."""
    best = [0.0] + [-math.inf] * len(s)
    back = [-1] * (len(s) + 1)
    L = max(map(len, logp), default=0)
    for i in range(1, len(s) + 1):
        for j in range(max(0, i - L), i):
            w = s[j:i]
            if w in logp and best[j] + logp[w] > best[i]:
                best[i], back[i] = best[j] + logp[w], j
    if best[-1] == -math.inf:
        return None, -math.inf
    out, i = [], len(s)
    while i > 0:
        out.append(s[back[i]:i])
        i = back[i]
    return out[::-1], best[-1]


def brute_all(s, words):
    """Try every subset of the n-1 cut positions."""
    words, n, res = set(words), len(s), []
    if n == 0:
        return [""]
    for mask in range(1 << (n - 1)):
        cuts = [0] + [k + 1 for k in range(n - 1) if mask >> k & 1] + [n]
        pieces = [s[a:b] for a, b in zip(cuts, cuts[1:])]
        if all(p in words for p in pieces):
            res.append(" ".join(pieces))
    return res


d = ["apple", "pen", "applepen", "pine", "pineapple", "cats", "dog", "sand", "and", "cat"]
assert word_break("applepenapple", d) is not None
assert word_break("catsandog", d) is None
assert sorted(all_segmentations("pineapplepenapple", d)) == sorted(
    ["pine apple pen apple", "pineapple pen apple", "pine applepen apple"])
assert word_break("", d) == [] and word_break("a", []) is None
# Worst case for naive recursion: "aaaa...ab" with words a, aa, aaa: the DP stays O(n * L)
assert word_break("a" * 200 + "b", ["a", "aa", "aaa"]) is None



def greedy_max_match(s, words):
    """Longest dictionary word first, no backtracking: fast but incomplete."""
    L, out, i = max(map(len, words)), [], 0
    while i < len(s):
        for j in range(min(len(s), i + L), i, -1):
            if s[i:j] in words:
                out.append(s[i:j])
                i = j
                break
        else:
            return None
    return out


assert greedy_max_match("abcd", {"ab", "abc", "cd"}) is None      # took "abc", stuck on "d"
assert word_break("abcd", {"ab", "abc", "cd"}) == ["ab", "cd"]

# Hashtag segmentation with unigram log-probabilities: the DP picks the likelier split
logp = {"deep": -6.0, "learning": -6.5, "deeplearning": -11.0, "rocks": -7.0,
        "rock": -6.0, "s": -12.0, "learn": -6.0, "ing": -13.0}
seg, score = best_segmentation("deeplearningrocks", logp)
assert seg == ["deeplearning", "rocks"] and score == -18.0
print("segmentation:", seg, "log-prob", score)

rng = random.Random(0)
for _ in range(300):
    vocab = list({"".join(rng.choice("ab") for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(0, 5))})
    s = "".join(rng.choice("ab") for _ in range(rng.randint(0, 10)))
    truth = brute_all(s, vocab)
    one = word_break(s, vocab)
    assert (one is None) == (not truth)
    if one is not None:
        assert "".join(one) == s and all(w in vocab for w in one)
    assert sorted(all_segmentations(s, vocab)) == sorted(truth)
    lp = {w: -rng.uniform(1, 5) for w in vocab}
    seg, score = best_segmentation(s, lp)
    if truth:
        brute_best = max(sum(lp[w] for w in t.split()) for t in truth)
        assert abs(score - brute_best) < 1e-9
    else:
        assert seg is None
print("random strings checked: 300")
