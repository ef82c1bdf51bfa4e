"""A tokenizer built in four stages, each with its tests.

Stage 1: greedy longest-match over a string vocabulary (unknown runs -> one -1).
Stage 2: byte-level: every byte is a token, so encode/decode round-trips ANY string.
Stage 3: special tokens, matched only when the caller allows them.
Stage 4: a streaming detokenizer that never emits half a UTF-8 character.
"""
import random


# ---------------- Stage 1 ----------------
def longest_match(text, vocab, collapse_unknown=True):
    max_len = max(map(len, vocab), default=0)
    out, i = [], 0
    while i < len(text):
        for L in range(min(max_len, len(text) - i), 0, -1):   # longest first
            piece = text[i:i + L]
            if piece in vocab:
                out.append(vocab[piece])
                i += L
                break
        else:
            if not (collapse_unknown and out and out[-1] == -1):
                out.append(-1)
            i += 1
    return out


vocab = {"a": 1, "ab": 2, "abc": 3, "bc": 4}
assert longest_match("abcabx", vocab, collapse_unknown=False) == [3, 2, -1]
assert longest_match("abxxc", {"ab": 1, "c": 2}) == [1, -1, 2]     # "xx" -> one -1
# Greedy is not the fewest-token segmentation:
v2 = {"a": 1, "b": 2, "c": 3, "d": 4, "ab": 5, "bcd": 6}
assert longest_match("abcd", v2) == [5, 3, 4]                       # ab|c|d: 3 tokens


def fewest_tokens(text, vocab):
    INF = float("inf")
    best = [0] + [INF] * len(text)                     # best[i]: min tokens for text[:i]
    for i in range(1, len(text) + 1):
        for j in range(max(0, i - max(map(len, vocab))), i):
            if text[j:i] in vocab:
                best[i] = min(best[i], best[j] + 1)
    return best[-1]


assert fewest_tokens("abcd", v2) == 2                   # a|bcd


# ---------------- Stage 2: byte-level with a trie ----------------
class ByteTokenizer:
    def __init__(self, merges, specials=()):
        # ids 0..255 are raw bytes; then multi-byte pieces; then special tokens.
        self.id_to_bytes = [bytes([b]) for b in range(256)] + [m.encode() for m in merges]
        self.trie = {}
        for tid, piece in enumerate(self.id_to_bytes):
            node = self.trie
            for b in piece:
                node = node.setdefault(b, {})
            node[None] = tid                             # None marks "a token ends here"
        self.special_to_id = {s: len(self.id_to_bytes) + k for k, s in enumerate(specials)}
        self.id_to_special = {v: k for k, v in self.special_to_id.items()}

    def _encode_ordinary(self, data):
        out, i = [], 0
        while i < len(data):
            node, j, best = self.trie, i, None
            while j < len(data) and data[j] in node:     # walk the trie as far as it goes
                node = node[data[j]]
                j += 1
                if None in node:
                    best = (node[None], j)
            tid, i = best                                # always set: every byte is a token
            out.append(tid)
        return out

    # Stage 3: split on allowed special tokens first, then encode the pieces as bytes.
    def encode(self, text, allowed_special=frozenset()):
        out, i = [], 0
        while i < len(text):
            hits = [(text.find(s, i), s) for s in allowed_special]
            hits = [(p, -len(s), s) for p, s in hits if p >= 0]
            if not hits:
                break
            p, _, s = min(hits)                          # earliest, then longest
            out += self._encode_ordinary(text[i:p].encode("utf-8"))
            out.append(self.special_to_id[s])
            i = p + len(s)
        return out + self._encode_ordinary(text[i:].encode("utf-8"))

    def token_bytes(self, tid):
        if tid in self.id_to_special:
            return self.id_to_special[tid].encode("utf-8")
        return self.id_to_bytes[tid]

    def decode(self, ids):
        return b"".join(self.token_bytes(t) for t in ids).decode("utf-8", errors="replace")


tok = ByteTokenizer(merges=["th", "the", " the", "in", "ing", "\u00e9"], specials=["<|endoftext|>"])
s = "the thing"
ids = tok.encode(s)
# " th" is a trie path but not a token, so the walk falls back to the last token end: " "
assert [tok.token_bytes(t) for t in ids] == [b"the", b" ", b"th", b"ing"]
assert tok.decode(ids) == s and len(ids) < len(s.encode())
rng = random.Random(0)
alphabet = "ab the\u00e9\u4e2d\U0001F600\n\x00"
for _ in range(500):                                     # round trip on arbitrary Unicode
    t = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
    assert tok.decode(tok.encode(t)) == t
assert tok.encode("\U0001F600") == [0xF0, 0x9F, 0x98, 0x80]   # emoji: 4 byte tokens

# ---------------- Stage 3 tests: special tokens ----------------
EOT = tok.special_to_id["<|endoftext|>"]
doc = "in<|endoftext|>the"
assert EOT in tok.encode(doc, allowed_special={"<|endoftext|>"})
assert EOT not in tok.encode(doc)                        # user text cannot forge the control token
assert tok.decode(tok.encode(doc)) == doc == tok.decode(tok.encode(doc, {"<|endoftext|>"}))


# ---------------- Stage 4: streaming detokenizer ----------------
class StreamDecoder:
    """Feed ids one at a time; emit only complete UTF-8 characters."""

    def __init__(self, tok):
        self.tok, self.buf = tok, b""

    def push(self, tid):
        self.buf += self.tok.token_bytes(tid)
        # Find the longest prefix that ends on a character boundary.
        cut = len(self.buf)
        for k in range(1, min(4, len(self.buf)) + 1):   # look back at most 3 continuation bytes
            b = self.buf[-k]
            if b & 0b1100_0000 != 0b1000_0000:           # a lead or ASCII byte
                need = 1 if b < 0x80 else 2 if b >> 5 == 0b110 else 3 if b >> 4 == 0b1110 else 4
                if need > k:
                    cut = len(self.buf) - k               # incomplete char: hold it back
                break
        text, self.buf = self.buf[:cut].decode("utf-8"), self.buf[cut:]
        return text

    def flush(self):
        text, self.buf = self.buf.decode("utf-8", errors="replace"), b""
        return text


msg = "caf\u00e9 \U0001F600 \u4e2d<|endoftext|>"
ids = tok.encode(msg, allowed_special={"<|endoftext|>"})
naive = [tok.decode([t]) for t in ids]
assert "\ufffd" in "".join(naive)                       # per-token decode mangles the emoji
dec = StreamDecoder(tok)
pieces = [dec.push(t) for t in ids]
assert "".join(pieces) + dec.flush() == msg and "\ufffd" not in "".join(pieces)
print("ids:", ids)
print("stream pieces:", pieces)
