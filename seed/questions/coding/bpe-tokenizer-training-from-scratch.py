from collections import Counter, defaultdict
import random


def merge_word(symbols, pair, new):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(new); i += 2
        else:
            out.append(symbols[i]); i += 1
    return tuple(out)


def best_pair(pair_counts):
    # highest count; ties broken by the lexicographically smallest pair (deterministic)
    return min(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def train_bpe_naive(word_freq, num_merges):
    words = {tuple(w) + ("</w>",): f for w, f in word_freq.items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for sym, f in words.items():
            for a, b in zip(sym, sym[1:]):
                counts[(a, b)] += f
        if not counts:
            break
        pair = best_pair(counts)
        merges.append(pair)
        words = {merge_word(s, pair, pair[0] + pair[1]): f for s, f in words.items()}
    return merges


def train_bpe(word_freq, num_merges):
    """Incremental: only words containing the merged pair are touched."""
    words = [list(w) + ["</w>"] for w in word_freq]
    freqs = list(word_freq.values())
    counts = Counter()
    where = defaultdict(set)                  # pair -> indices of words containing it
    for i, sym in enumerate(words):
        for a, b in zip(sym, sym[1:]):
            counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    merges = []
    for _ in range(num_merges):
        counts = +counts                      # drop zero / negative entries
        if not counts:
            break
        pair = best_pair(counts)
        merges.append(pair)
        new = pair[0] + pair[1]
        for i in list(where[pair]):
            old = words[i]
            for a, b in zip(old, old[1:]):
                counts[(a, b)] -= freqs[i]
            words[i] = list(merge_word(tuple(old), pair, new))
            for a, b in zip(words[i], words[i][1:]):
                counts[(a, b)] += freqs[i]
                where[(a, b)].add(i)
        del where[pair]
    return merges


def encode(word, merges):
    rank = {p: r for r, p in enumerate(merges)}
    sym = tuple(word) + ("</w>",)
    while len(sym) > 1:
        pairs = [(rank.get(p, float("inf")), p) for p in zip(sym, sym[1:])]
        r, p = min(pairs)
        if r == float("inf"):
            break
        sym = merge_word(sym, p, p[0] + p[1])
    return list(sym)

corpus = {"cat": 6, "cats": 3, "hat": 4, "that": 5, "chat": 2}
expected = [("a", "t"), ("at", "</w>"), ("h", "at</w>"), ("c", "at</w>"), ("t", "hat</w>"), ("at", "s")]
merges = train_bpe_naive(corpus, 6)
assert merges == expected, merges
assert train_bpe(corpus, 6) == expected

# Encoding reproduces the training segmentation and handles unseen words.
assert encode("cat", merges) == ["cat</w>"]
assert encode("chat", merges) == ["c", "hat</w>"]
assert encode("cats", merges) == ["c", "ats", "</w>"]
assert encode("chats", merges) == ["c", "h", "ats", "</w>"]
assert encode("dog", merges) == ["d", "o", "g", "</w>"]

# Overlapping occurrences merge left to right.
assert merge_word(("a", "a", "a"), ("a", "a"), "aa") == ("aa", "a")

# Larger random corpus: the incremental trainer matches the naive one merge for merge,
# and encoding each training word gives its final training segmentation.
rng = random.Random(0)
syll = ["ka", "ta", "ra", "n", "e", "s", "ing", "o", "ti", "an"]
big = Counter()
for _ in range(3000):
    w = "".join(rng.choice(syll) for _ in range(rng.randint(1, 4)))
    big[w] += rng.randint(1, 5)
m_naive, m_fast = train_bpe_naive(big, 120), train_bpe(big, 120)
assert m_naive == m_fast
words = {tuple(w) + ("</w>",): f for w, f in big.items()}
for a, b in m_naive:
    words = {merge_word(s, (a, b), a + b): f for s, f in words.items()}
for w in list(big)[:300]:
    seg = tuple(w) + ("</w>",)
    for a, b in m_naive:
        seg = merge_word(seg, (a, b), a + b)
    assert tuple(encode(w, m_naive)) == seg
total_before = sum(len(w) + 1 for w in big)
total_after = sum(len(s) for s in words)
assert total_after < 0.5 * total_before
print("merges:", m_naive[:8], "symbols per word type:", total_before / len(big), "->", total_after / len(big))
