"""k-th largest in a stream with a size-k min-heap, quickselect for a static array,
and the running median with two heaps; checked against sorting on random data."""
import heapq
import random


class KthLargest:
    """Admission threshold for the top-k scores seen so far."""

    def __init__(self, k, nums=()):
        self.k = k
        self.heap = list(nums)
        heapq.heapify(self.heap)                   # O(n)
        while len(self.heap) > k:
            heapq.heappop(self.heap)               # keep only the k largest

    def add(self, x):
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, x)
        elif x > self.heap[0]:
            heapq.heapreplace(self.heap, x)        # pop smallest + push, one sift
        return self.heap[0] if len(self.heap) == self.k else None


def quickselect_kth_largest(a, k, rng=random.Random(0)):
    """Expected O(n): three-way partition around a random pivot."""
    a = list(a)
    target = len(a) - k                             # index in ascending order
    lo_list = a
    while True:
        pivot = rng.choice(lo_list)
        less = [x for x in lo_list if x < pivot]
        equal = [x for x in lo_list if x == pivot]
        if target < len(less):
            lo_list = less
        elif target < len(less) + len(equal):
            return pivot
        else:
            target -= len(less) + len(equal)
            lo_list = [x for x in lo_list if x > pivot]


class RunningMedian:
    def __init__(self):
        self.low = []    # max-heap via negation: the smaller half
        self.high = []   # min-heap: the larger half

    def add(self, x):
        heapq.heappush(self.low, -x)
        heapq.heappush(self.high, -heapq.heappop(self.low))   # move the largest of low up
        if len(self.high) > len(self.low):
            heapq.heappush(self.low, -heapq.heappop(self.high))

    def median(self):
        if len(self.low) > len(self.high):
            return -self.low[0]
        return (-self.low[0] + self.high[0]) / 2


s = KthLargest(3, [4, 5, 8, 2])
assert [s.add(x) for x in [3, 5, 10, 9, 4]] == [4, 5, 5, 8, 8]
s1 = KthLargest(1)
assert [s1.add(x) for x in [5, 3, 8]] == [5, 5, 8]                 # k=1 is the running max
s2 = KthLargest(2)
assert s2.add(7) is None and s2.add(7) == 7                       # fewer than k items so far; duplicates count
assert quickselect_kth_largest([3, 2, 1, 5, 6, 4], 2) == 5
assert quickselect_kth_largest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4) == 4
rm = RunningMedian()
meds = []
for x in [5, 15, 1, 3]:
    rm.add(x)
    meds.append(rm.median())
assert meds == [5, 10.0, 5, 4.0]

# Model scores arriving in a stream: threshold to enter the top 100
rng = random.Random(0)
scores = [rng.random() for _ in range(10_000)]
top = KthLargest(100)
for x in scores:
    thr = top.add(x)
assert thr == sorted(scores, reverse=True)[99]
print(f"top-100 admission threshold after 10,000 scores: {thr:.4f}")

for _ in range(300):
    k = rng.randint(1, 6)
    init = [rng.randint(-5, 5) for _ in range(rng.randint(0, 8))]
    stream = [rng.randint(-5, 5) for _ in range(rng.randint(1, 15))]
    obj, seen = KthLargest(k, init), list(init)
    rm = RunningMedian()
    for x in stream:
        seen.append(x)
        got = obj.add(x)
        expect = sorted(seen, reverse=True)[k - 1] if len(seen) >= k else None
        assert got == expect
        rm.add(x)
        srt = sorted(seen[len(init):])
        m = len(srt)
        assert rm.median() == (srt[m // 2] if m % 2 else (srt[m // 2 - 1] + srt[m // 2]) / 2)
    desc = sorted(seen, reverse=True)
    assert all(quickselect_kth_largest(seen, j) == desc[j - 1] for j in range(1, len(seen) + 1))
print("random streams checked: 300")
