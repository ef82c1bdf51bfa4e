"""Rate limiter in three stages behind one interface, with an injectable clock.

Stage 1: fixed window counter.   Stage 2: sliding log.   Stage 3: token bucket with
weighted requests (e.g. LLM tokens) and a retry-after hint.
"""
import random
from collections import defaultdict, deque


class FakeClock:
    def __init__(self, t=0.0):
        self.t = t

    def __call__(self):
        return self.t


class FixedWindow:
    def __init__(self, limit, window, clock):
        self.limit, self.window, self.clock = limit, window, clock
        self.state = {}                               # client -> (window_index, count)

    def allow(self, client):
        idx = int(self.clock() // self.window)
        w, c = self.state.get(client, (idx, 0))
        if w != idx:
            w, c = idx, 0                             # a new window starts: reset the count
        if c < self.limit:
            self.state[client] = (w, c + 1)
            return True
        self.state[client] = (w, c)
        return False


class SlidingLog:
    def __init__(self, limit, window, clock):
        self.limit, self.window, self.clock = limit, window, clock
        self.logs = defaultdict(deque)                # client -> timestamps of accepted requests

    def allow(self, client):
        now, log = self.clock(), self.logs[client]
        while log and log[0] <= now - self.window:    # keep only (now - window, now]
            log.popleft()
        if len(log) < self.limit:
            log.append(now)
            return True
        return False


class TokenBucket:
    def __init__(self, capacity, rate, clock):
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self.buckets = {}                              # client -> (tokens, last_refill_time)

    def _refill(self, client):
        now = self.clock()
        tokens, last = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        return tokens, now

    def allow(self, client, cost=1.0):
        if cost > self.capacity:
            raise ValueError("a request larger than the bucket can never be served")
        tokens, now = self._refill(client)
        ok = tokens >= cost
        self.buckets[client] = (tokens - cost if ok else tokens, now)
        return ok

    def retry_after(self, client, cost=1.0):
        tokens, _ = self._refill(client)
        return max(0.0, (cost - tokens) / self.rate)


def run(limiter, times, client="u"):
    out = []
    for t in times:
        limiter.clock.t = t
        out.append(limiter.allow(client))
    return out


# ---------------- Stage 1: fixed window and its boundary burst ----------------
clock = FakeClock()
fw = FixedWindow(limit=3, window=10.0, clock=clock)
burst = [9.90, 9.93, 9.96, 10.00, 10.03, 10.06]
res = run(fw, burst)
assert res == [True] * 6                        # 6 accepted within 0.16 s: twice the limit
assert run(fw, [10.5]) == [False]               # window [10, 20) is now full
clock.t = 10.5
assert fw.allow("other") is True                # clients are isolated

# ---------------- Stage 2: sliding log fixes the boundary ----------------
clock = FakeClock()
sl = SlidingLog(limit=3, window=10.0, clock=clock)
assert run(sl, burst) == [True, True, True, False, False, False]
assert run(sl, [19.91, 19.92, 19.94]) == [True, False, True]  # 9.90, then 9.93 slide out

# Property: in ANY interval of length < window the sliding log accepts <= limit.
rng = random.Random(0)
times = sorted(rng.uniform(0, 100) for _ in range(400))
for name, make in [("fixed", FixedWindow), ("sliding", SlidingLog)]:
    lim = make(limit=5, window=10.0, clock=FakeClock())
    acc = [t for t, ok in zip(times, run(lim, times)) if ok]
    worst = max(sum(1 for u in acc if s <= u < s + 10.0) for s in acc)
    print(f"{name:8s} accepted={len(acc):3d}  max in any 10 s span={worst}")
    if name == "sliding":
        assert worst <= 5
    else:
        assert worst <= 10                       # fixed window: up to 2x limit across a boundary

# ---------------- Stage 3: token bucket, weighted requests, retry-after ----------------
clock = FakeClock()
tb = TokenBucket(capacity=5, rate=1.0, clock=clock)   # burst of 5, then 1 per second
assert run(tb, [0.0] * 6) == [True] * 5 + [False]
assert abs(tb.retry_after("u") - 1.0) < 1e-12
assert run(tb, [0.5, 1.0, 1.0]) == [False, True, False]
clock.t = 1000.0
assert tb._refill("u")[0] == 5                   # an idle bucket caps at capacity, no hoarding

# Weighted: an LLM API charging by tokens. 1000-token bucket refilled at 100 tokens/s.
clock = FakeClock()
api = TokenBucket(capacity=1000, rate=100.0, clock=clock)
assert api.allow("org", cost=800) and not api.allow("org", cost=300)
assert abs(api.retry_after("org", cost=300) - 1.0) < 1e-12   # needs 100 more tokens = 1 s
clock.t = 1.0
assert api.allow("org", cost=300)

# Property: over any interval of length d the bucket accepts at most capacity + rate * d.
tb = TokenBucket(capacity=5, rate=2.0, clock=FakeClock())
acc = [t for t, ok in zip(times, run(tb, times)) if ok]
for i, s in enumerate(acc):
    for e in acc[i:]:
        n = sum(1 for u in acc if s <= u <= e)
        assert n <= 5 + 2.0 * (e - s) + 1e-9
print("token bucket accepted", len(acc), "of", len(times), "(bound 5 + 2*100 = 205)")
assert len(acc) <= 205
