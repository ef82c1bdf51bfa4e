"""Noisy-channel spelling correction for search queries, standard library only.

argmax_c P(c | w) = argmax_c P(w | c) * P(c)
  P(c):     query-log unigram frequency of the candidate (language model)
  P(w | c): error model, here ALPHA ** (edit distance) with a bonus for keeping the typed word
Candidates: all vocabulary words within Damerau (optimal string alignment) distance 2,
found with a deletion index (SymSpell-style) instead of scanning the vocabulary.
"""
import math
from collections import defaultdict
from itertools import combinations

# unigram counts as they might come from a product-search query log
COUNTS = {
    "iphone": 90_000, "charger": 40_000, "case": 60_000, "cable": 30_000, "table": 25_000,
    "the": 500_000, "usb": 35_000, "wireless": 20_000, "headphones": 18_000, "laptop": 50_000,
    "stand": 15_000, "samsung": 45_000, "galaxy": 30_000, "phone": 70_000, "keyboard": 22_000,
    "cabal": 40,   # rare but real word: must not be "corrected" away when typed on purpose
}
TOTAL = sum(COUNTS.values())
ALPHA = 0.002          # cost of one edit (tuned on logged query reformulations in practice)
P_KEEP = 0.95          # prior that a typed in-vocabulary word is intended


def osa_distance(a, b):
    """Damerau-Levenshtein distance, optimal-string-alignment variant (adjacent swaps cost 1)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def deletes(word, max_d=2):
    out = {word}
    for k in range(1, max_d + 1):
        for idx in combinations(range(len(word)), k):
            out.add("".join(ch for i, ch in enumerate(word) if i not in idx))
    return out


INDEX = defaultdict(set)                 # deletion variant -> vocabulary words (built offline)
for v in COUNTS:
    for dv in deletes(v):
        INDEX[dv].add(v)


def candidates(word, max_d=2):
    found = set()
    for dv in deletes(word, max_d):
        found |= INDEX.get(dv, set())
    return {c: osa_distance(word, c) for c in found if osa_distance(word, c) <= max_d}


def correct(word):
    scored = {}
    for c, dist in candidates(word).items():
        error = P_KEEP if dist == 0 else (1 - P_KEEP) * ALPHA ** dist
        scored[c] = math.log(error) + math.log(COUNTS[c] / TOTAL)
    return max(scored, key=scored.get) if scored else word


# edit distance on textbook cases
assert osa_distance("kitten", "sitting") == 3
assert osa_distance("iphnoe", "iphone") == 1          # one adjacent transposition
assert osa_distance("ca", "abc") == 3                  # OSA (true Damerau would say 2)

tests = {
    "iphnoe": "iphone",      # transposition
    "chager": "charger",     # deletion
    "keybaord": "keyboard",
    "samsng": "samsung",
    "teh": "the",
    "wirless": "wireless",
    "cable": "cable",        # a correct word stays, although 'table' is one edit away
    "cabal": "cabal",        # a rare correct word stays, although 'cable' is far more frequent
    "xqzv": "xqzv",          # nothing close: leave it alone rather than guess
}
for typed, want in tests.items():
    got = correct(typed)
    print(f"{typed:9s} -> {got}")
    assert got == want, (typed, got, want)

# the trade-off in numbers: keeping 'cabal' wins only because of the keep prior
keep = math.log(P_KEEP) + math.log(COUNTS["cabal"] / TOTAL)
switch = math.log((1 - P_KEEP) * ALPHA ** 2) + math.log(COUNTS["cable"] / TOTAL)
assert osa_distance("cabal", "cable") == 2 and keep > switch
