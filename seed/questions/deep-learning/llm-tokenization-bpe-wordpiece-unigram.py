"""Three subword tokenizers side by side: BPE merges, WordPiece greedy longest-match and
Unigram Viterbi segmentation, plus the byte and digit effects behind the 'token tax'."""
import math
from collections import Counter

# ---- 1) BPE: learn merges bottom-up by pair frequency (Sennrich et al.'s toy corpus) ----------
corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


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
    vocab = {tuple(w) + ("</w>",): f for w, f in corpus.items()}
    merges = []
    for _ in range(num_merges):
        counts = Counter()
        for s, f in vocab.items():
            for a, b in zip(s, s[1:]):
                counts[(a, b)] += f
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))  # most frequent, ties alphabetical
        merges.append(best)
        vocab = {merge_pair(s, best): f for s, f in vocab.items()}
    return merges


def bpe_encode(word, merges):
    symbols = tuple(word) + ("</w>",)
    for pair in merges:  # apply merges in the order they were learned
        symbols = merge_pair(symbols, pair)
    return list(symbols)


merges = train_bpe(corpus, 10)
assert merges[:3] == [("e", "s"), ("es", "t"), ("est", "</w>")]  # 6 + 3 = 9 occurrences each
assert bpe_encode("lowest", merges) == ["low", "est</w>"]          # unseen word, known pieces
assert bpe_encode("zzz", merges) == ["z", "z", "z", "</w>"]        # never out of vocabulary

# ---- 2) WordPiece encoding: greedy longest match from the left, '##' marks continuations -----
wp_vocab = {"un", "##aff", "##able", "##a", "##ff", "##ble", "u", "##n", "play", "##ing"}


def wordpiece_encode(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
            end -= 1
        if end == start:
            return ["[UNK]"]  # one unmatched character makes the whole word unknown
        pieces.append(piece)
        start = end
    return pieces


assert wordpiece_encode("unaffable", wp_vocab) == ["un", "##aff", "##able"]
assert wordpiece_encode("playing", wp_vocab) == ["play", "##ing"]
assert wordpiece_encode("played", wp_vocab) == ["[UNK]"]  # no '##ed' piece: unknown

# ---- 3) Unigram LM: pick the segmentation with the highest product of token probabilities ----
uni_p = {"h": 0.02, "u": 0.02, "g": 0.02, "s": 0.001, "hu": 0.05, "hug": 0.10, "gs": 0.20}


def viterbi(word, p):
    """best[i] = best log-probability of word[:i]; back-pointers recover the pieces."""
    best = [0.0] + [-math.inf] * len(word)
    back = [0] * (len(word) + 1)
    for end in range(1, len(word) + 1):
        for start in range(end):
            piece = word[start:end]
            if piece in p and best[start] + math.log(p[piece]) > best[end]:
                best[end], back[end] = best[start] + math.log(p[piece]), start
    pieces, end = [], len(word)
    while end > 0:
        pieces.append(word[back[end]:end])
        end = back[end]
    return pieces[::-1], best[-1]


def greedy_longest(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        end = max(e for e in range(start + 1, len(word) + 1) if word[start:e] in vocab)
        pieces.append(word[start:end])
        start = end
    return pieces


seg, logp = viterbi("hugs", uni_p)
print("unigram viterbi:", seg, " greedy longest-match:", greedy_longest("hugs", uni_p))
assert seg == ["hu", "gs"] and math.isclose(logp, math.log(0.05 * 0.20))      # p = 0.010
assert greedy_longest("hugs", uni_p) == ["hug", "s"]                         # p = 0.0001
# Viterbi is exact: it matches brute force over all 2^(n-1) segmentations
def all_segs(w):
    if not w:
        yield []
        return
    for k in range(1, len(w) + 1):
        for rest in all_segs(w[k:]):
            yield [w[:k]] + rest
brute = max((s for s in all_segs("hugs") if all(t in uni_p for t in s)),
            key=lambda s: sum(math.log(uni_p[t]) for t in s))
assert brute == seg

# ---- 4) The multilingual byte tax: byte-level fallback pays per UTF-8 byte ------------------
words = {"English": "hello", "Chinese": "你好", "Hindi": "नमस्ते"}
for lang, w in words.items():
    print(f"{lang:8s} {len(w)} characters -> {len(w.encode('utf-8'))} UTF-8 bytes")
assert len("hello".encode()) == 5                   # 1 byte per ASCII character
assert len("你好".encode()) == 6                     # 3 bytes per CJK character
assert len("नमस्ते".encode()) == 18                  # 6 code points x 3 bytes (Devanagari)

# ---- 5) Digit chunking: left-to-right 3-digit groups do not line up with place value --------
def chunk(digits, size=3, right_to_left=False):
    if not right_to_left:
        return [digits[i:i + size] for i in range(0, len(digits), size)]
    head = len(digits) % size
    return ([digits[:head]] if head else []) + [digits[i:i + size] for i in range(head, len(digits), size)]


assert chunk("1234567") == ["123", "456", "7"]                          # '7' is the units digit
assert chunk("1234567", right_to_left=True) == ["1", "234", "567"]      # like writing 1,234,567
# The same trailing digits get different tokens depending on the number's length (L2R) ...
assert chunk("1567")[-1] != chunk("567")[-1]
# ... but the same tokens with right-to-left grouping, so place value is consistent
assert chunk("1567", right_to_left=True)[-1] == chunk("567", right_to_left=True)[-1] == "567"
