"""In-memory key-value store built in four stages, each with its own tests.

Stage 1: set / get / delete.
Stage 2: per-key TTL with an injectable clock (lazy expiry on read + a heap for purging).
Stage 3: backup / restore snapshots that keep each key's *remaining* TTL.
Stage 4: nested transactions (begin / commit / rollback) with an undo log.
"""
import heapq
import random

_MISSING = object()


class FakeClock:
    def __init__(self, t=0.0):
        self.t = t

    def __call__(self):
        return self.t

    def advance(self, dt):
        self.t += dt


class KVStore:
    def __init__(self, clock):
        self.clock = clock
        self.data = {}        # key -> (value, expire_at or None)
        self.heap = []        # (expire_at, key) candidates for purging; may hold stale entries
        self.backups = []     # list of (taken_at, {key: (value, remaining_ttl or None)})
        self.undo = []        # stack of dicts: key -> previous (value, expire_at) or _MISSING

    # ---- internal helpers -------------------------------------------------
    def _live(self, key):
        """Return (value, expire_at) if key exists and is unexpired, else None."""
        entry = self.data.get(key)
        if entry is None:
            return None
        if entry[1] is not None and self.clock() >= entry[1]:   # visible iff now < expire_at
            return None
        return entry

    def _record_undo(self, key):
        if self.undo and key not in self.undo[-1]:
            prev = self._live(key)
            self.undo[-1][key] = _MISSING if prev is None else prev

    def _write(self, key, entry):
        self._record_undo(key)
        if entry is None:
            self.data.pop(key, None)
        else:
            self.data[key] = entry
            if entry[1] is not None:
                heapq.heappush(self.heap, (entry[1], key))

    # ---- stage 1 -----------------------------------------------------------
    def set(self, key, value, ttl=None):
        expire_at = None if ttl is None else self.clock() + ttl
        self._write(key, (value, expire_at))

    def get(self, key, default=None):
        entry = self._live(key)
        return default if entry is None else entry[0]

    def delete(self, key):
        if self._live(key) is None:
            return False
        self._write(key, None)
        return True

    # ---- stage 2 -----------------------------------------------------------
    def ttl(self, key):
        entry = self._live(key)
        if entry is None:
            return None
        return float("inf") if entry[1] is None else entry[1] - self.clock()

    def purge_expired(self):
        """Drop expired keys in O(k log n) for k expired heap entries; skips stale heap entries."""
        now, removed = self.clock(), 0
        while self.heap and self.heap[0][0] <= now:
            expire_at, key = heapq.heappop(self.heap)
            entry = self.data.get(key)
            if entry is not None and entry[1] == expire_at:   # still the current version
                del self.data[key]
                removed += 1
        return removed

    # ---- stage 3 -----------------------------------------------------------
    def backup(self):
        now = self.clock()
        snap = {}
        for key in list(self.data):
            entry = self._live(key)
            if entry is not None:
                snap[key] = (entry[0], None if entry[1] is None else entry[1] - now)
        self.backups.append((now, snap))
        return len(snap)

    def restore(self, as_of):
        """Restore the latest backup taken at or before `as_of`; TTLs resume from now."""
        candidates = [b for b in self.backups if b[0] <= as_of]
        if not candidates:
            raise KeyError("no backup at or before %r" % as_of)
        _, snap = max(candidates, key=lambda b: b[0])
        now = self.clock()
        self.data, self.heap = {}, []
        for key, (value, remaining) in snap.items():
            self.data[key] = (value, None if remaining is None else now + remaining)
            if remaining is not None:
                heapq.heappush(self.heap, (now + remaining, key))

    # ---- stage 4 -----------------------------------------------------------
    def begin(self):
        self.undo.append({})

    def rollback(self):
        if not self.undo:
            raise RuntimeError("no transaction")
        for key, prev in self.undo.pop().items():
            if prev is _MISSING:
                self.data.pop(key, None)
            else:
                self.data[key] = prev
                if prev[1] is not None:
                    heapq.heappush(self.heap, (prev[1], key))

    def commit(self):
        if not self.undo:
            raise RuntimeError("no transaction")
        top = self.undo.pop()
        if self.undo:                       # nested: parent keeps its own (older) undo record
            for key, prev in top.items():
                self.undo[-1].setdefault(key, prev)


# ---------------- Stage 1 tests ----------------
clock = FakeClock()
kv = KVStore(clock)
kv.set("a", 1)
kv.set("a", 2)
assert kv.get("a") == 2 and kv.get("zz") is None
assert kv.delete("a") is True and kv.delete("a") is False and kv.get("a") is None

# ---------------- Stage 2 tests: TTL with an injected clock ----------------
kv.set("session", "tok", ttl=10)
clock.advance(9.999)
assert kv.get("session") == "tok"
clock.advance(0.001)                      # now == expire_at: expired (half-open interval)
assert kv.get("session") is None and kv.ttl("session") is None
kv.set("k", "v1", ttl=5)
kv.set("k", "v2")                         # overwrite clears the TTL; old heap entry is stale
clock.advance(100)
assert kv.purge_expired() == 1           # only "session" was physically removed
assert kv.get("k") == "v2" and "session" not in kv.data

# ---------------- Stage 3 tests: snapshots keep remaining TTL ----------------
clock = FakeClock(0)
kv = KVStore(clock)
kv.set("x", "short", ttl=10)
kv.set("y", "forever")
clock.advance(4)
assert kv.backup() == 2                   # x has 6 s left at t=4
clock.advance(20)
kv.set("y", "changed")
kv.restore(as_of=5)                       # restores the t=4 backup at t=24
assert kv.get("y") == "forever" and abs(kv.ttl("x") - 6) < 1e-9
clock.advance(6)
assert kv.get("x") is None                # expires 6 s after restore, not at absolute t=10

# ---------------- Stage 4 tests: nested transactions ----------------
clock = FakeClock(0)
kv = KVStore(clock)
kv.set("a", 1)
kv.begin()
kv.set("a", 2); kv.set("b", 3)
kv.begin()
kv.delete("a"); kv.set("b", 4)
kv.rollback()                              # inner undone
assert kv.get("a") == 2 and kv.get("b") == 3
kv.begin(); kv.set("c", 5); kv.commit()    # inner commit folds into outer
kv.rollback()                              # outer undone: back to {"a": 1}
assert kv.get("a") == 1 and kv.get("b") is None and kv.get("c") is None

# Randomised check against a naive reference that deep-copies state at begin().
rng = random.Random(0)
clock = FakeClock(0)
kv = KVStore(clock)
ref, ref_stack = {}, []
for step in range(3000):
    op = rng.random()
    key = "k%d" % rng.randrange(6)
    now = clock()
    if op < 0.35:
        ttl = rng.choice([None, 1, 3])
        kv.set(key, step, ttl=ttl)
        ref[key] = (step, None if ttl is None else now + ttl)
    elif op < 0.5:
        kv.delete(key)
        ref.pop(key, None)
    elif op < 0.6:
        kv.begin(); ref_stack.append(dict(ref))
    elif op < 0.7 and ref_stack:
        kv.rollback(); ref = ref_stack.pop()
    elif op < 0.8 and ref_stack:
        kv.commit(); ref_stack.pop()
    elif op < 0.85:
        kv.purge_expired()
    else:
        clock.advance(rng.choice([0.5, 1, 2]))
    for k in ("k%d" % i for i in range(6)):
        e = ref.get(k)
        expect = None if e is None or (e[1] is not None and clock() >= e[1]) else e[0]
        assert kv.get(k) == expect, (step, k)
print("all four stages pass; randomized check of 3000 ops against a copy-on-begin reference")
