"""Resumable iteration in four stages, each with tests.

Stage 1: a list iterator with get_state() / set_state().
Stage 2: an iterator over many JSONL files whose state is (file index, byte offset).
Stage 3: a composite that round-robins over several sources, state = all sub-states.
Stage 4: a processor that aggregates records and checkpoints (state + partial result)
         atomically, so a crash at ANY point resumes to exactly the uninterrupted answer.
"""
import json
import os
import random
import tempfile
from collections import Counter


# ---------------- Stage 1 ----------------
class ListIterator:
    def __init__(self, items):
        self.items, self.pos = items, 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.pos >= len(self.items):
            raise StopIteration
        self.pos += 1
        return self.items[self.pos - 1]

    def get_state(self):
        return {"pos": self.pos}

    def set_state(self, state):
        self.pos = state["pos"]


it = ListIterator(list("abcde"))
next(it); next(it)
st = it.get_state()
assert list(it) == ["c", "d", "e"]
it.set_state(st)
assert list(it) == ["c", "d", "e"]           # resumes at the same element, twice


# ---------------- Stage 2 ----------------
class JsonlFilesIterator:
    """Yields parsed records from several files; the state is JSON and O(1) to restore."""

    def __init__(self, paths):
        self.paths, self.file_idx, self.offset, self.fh = list(paths), 0, 0, None

    def __iter__(self):
        return self

    def __next__(self):
        while self.file_idx < len(self.paths):
            if self.fh is None:
                self.fh = open(self.paths[self.file_idx], "rb")
                self.fh.seek(self.offset)             # jump straight to the saved byte
            line = self.fh.readline()
            if line.endswith(b"\n"):                  # only complete lines count
                self.offset = self.fh.tell()
                if line.strip():
                    return json.loads(line)
                continue
            self.fh.close()
            self.fh, self.file_idx, self.offset = None, self.file_idx + 1, 0
        raise StopIteration

    def get_state(self):
        return {"file_idx": self.file_idx, "offset": self.offset}

    def set_state(self, state):
        if self.fh is not None:
            self.fh.close()
        self.fh, self.file_idx, self.offset = None, state["file_idx"], state["offset"]

    def close(self):
        if self.fh is not None:
            self.fh.close()
            self.fh = None


# ---------------- Stage 3 ----------------
class RoundRobin:
    def __init__(self, sources):
        self.sources, self.turn, self.done = sources, 0, [False] * len(sources)

    def __iter__(self):
        return self

    def __next__(self):
        for _ in range(len(self.sources)):
            k = self.turn
            self.turn = (self.turn + 1) % len(self.sources)
            if not self.done[k]:
                try:
                    return next(self.sources[k])
                except StopIteration:
                    self.done[k] = True
        raise StopIteration

    def get_state(self):
        return {"turn": self.turn, "done": list(self.done),
                "subs": [s.get_state() for s in self.sources]}

    def set_state(self, state):
        self.turn, self.done = state["turn"], list(state["done"])
        for s, sub in zip(self.sources, state["subs"]):
            s.set_state(sub)


# ---------------- Stage 4 ----------------
class Crash(Exception):
    pass


def process(make_iter, ckpt_path, every=7, crash_after=None):
    """Count records per user; checkpoint {iterator state, counts} atomically."""
    it = make_iter()
    counts = Counter()
    if os.path.exists(ckpt_path):
        with open(ckpt_path) as f:
            ck = json.load(f)
        it.set_state(ck["state"])
        counts = Counter(ck["counts"])
    seen = 0
    for rec in it:
        counts[rec["user"]] += 1
        seen += 1
        if crash_after is not None and seen == crash_after:
            raise Crash()                               # counts since last checkpoint are lost
        if seen % every == 0:
            tmp = ckpt_path + ".tmp"
            with open(tmp, "w") as f:
                json.dump({"state": it.get_state(), "counts": counts}, f)
            os.replace(tmp, ckpt_path)                  # atomic: old or new, never half
    return counts


rng = random.Random(0)
with tempfile.TemporaryDirectory() as d:
    paths, truth_records = [], []
    for k in range(3):
        p = os.path.join(d, f"part-{k}.jsonl")
        recs = [{"user": rng.choice("abcd"), "i": i, "note": "x|y\n" if i % 5 == 0 else ""}
                for i in range(rng.randint(5, 15))]
        with open(p, "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
            if k == 1:
                f.write("\n")                           # a blank line is skipped
        paths.append(p)
        truth_records.append(recs)
    flat = [r for recs in truth_records for r in recs]

    # Stage 2 test: resume from EVERY position gives exactly the remaining records.
    full = list(JsonlFilesIterator(paths))
    assert full == flat
    for k in range(len(full) + 1):
        a = JsonlFilesIterator(paths)
        for _ in range(k):
            next(a)
        state = json.loads(json.dumps(a.get_state()))  # must survive serialization
        a.close()
        b = JsonlFilesIterator(paths)
        b.set_state(state)
        assert list(b) == full[k:], k

    # A half-written last line (a writer still appending) is not consumed.
    with open(paths[-1], "a") as f:
        f.write('{"user": "z", "i"')
    assert list(JsonlFilesIterator(paths)) == flat

    # Stage 3 test: round-robin over per-file iterators, resumed mid-way.
    def make_rr():
        return RoundRobin([JsonlFilesIterator([p]) for p in paths])
    rr_full = list(make_rr())
    longest = max(map(len, truth_records))
    expected = [recs[j] for j in range(longest) for recs in truth_records if j < len(recs)]
    assert rr_full == expected                        # f0[0], f1[0], f2[0], f0[1], ...
    for k in range(0, len(rr_full) + 1, 3):
        a = make_rr()
        for _ in range(k):
            next(a)
        st = json.loads(json.dumps(a.get_state()))
        b = make_rr()
        b.set_state(st)
        assert list(b) == rr_full[k:]

    # Stage 4 test: crash at random points until the job finishes; result is exact.
    truth = Counter(r["user"] for r in flat)
    ckpt = os.path.join(d, "ckpt.json")
    crashes = 0
    while True:
        try:
            result = process(lambda: JsonlFilesIterator(paths), ckpt,
                             crash_after=rng.randint(1, 12))
            break
        except Crash:
            crashes += 1
    assert result == truth
    print(f"{len(flat)} records, {crashes} crashes, counts {dict(sorted(result.items()))}")
    assert crashes >= 1
