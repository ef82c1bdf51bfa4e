"""Byte-pair encoding from scratch on the classic toy corpus, then encoding an unseen word."""
from collections import Counter

# word -> frequency; "</w>" marks the end of a word so suffixes become distinct tokens
corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


def to_symbols(word):
    return tuple(word) + ("</w>",)


def pair_counts(vocab):
    counts = Counter()
    for symbols, freq in vocab.items():
        for a, b in zip(symbols, symbols[1:]):
            counts[(a, b)] += freq
    return counts


def merge_pair(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def train_bpe(corpus, num_merges):
    vocab = {to_symbols(w): f for w, f in corpus.items()}
    merges = []
    for _ in range(num_merges):
        counts = pair_counts(vocab)
        if not counts:
            break
        # most frequent pair; ties broken lexicographically so the run is deterministic
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        vocab = {merge_pair(s, best): f for s, f in vocab.items()}
    return merges, vocab


def encode(word, merges):
    """Apply the learned merges in the order they were learned (their priority)."""
    symbols = to_symbols(word)
    for pair in merges:
        symbols = merge_pair(symbols, pair)
    return list(symbols)


merges, vocab = train_bpe(corpus, num_merges=10)
for i, m in enumerate(merges, 1):
    print(i, m)

# "es" and "est" occur 6 + 3 = 9 times each: the first merges build the shared suffix
assert merges[0] == ("e", "s")
assert merges[1] == ("es", "t")
assert merges[2] == ("est", "</w>")
# "lo" then "low" (5 + 2 = 7 occurrences)
assert ("l", "o") in merges and ("lo", "w") in merges

# An unseen word is still encodable: frequent pieces merge, the rest stay characters
assert encode("lowest", merges) == ["low", "est</w>"]
# "ew" (6 occurrences, tie with "ne" broken alphabetically) is reused inside an unseen word
assert encode("newer", merges) == ["n", "ew", "e", "r", "</w>"]
# Nothing is ever out of vocabulary: unknown letters fall back to single characters
assert encode("zzz", merges) == ["z", "z", "z", "</w>"]

# Total symbol count in the corpus only goes down as merges are added
def corpus_len(v):
    return sum(len(s) * f for s, f in v.items())

lengths = [corpus_len(train_bpe(corpus, k)[1]) for k in range(0, 11)]
assert all(a >= b for a, b in zip(lengths, lengths[1:]))
print("corpus length in symbols after 0..10 merges:", lengths)
