"""Meeting rooms II as GPU scheduling: minimum machines for half-open jobs [start, end),
via a min-heap of end times, via a sorted event sweep, and with an explicit job -> GPU
assignment; checked against counting overlaps at every integer time."""
import heapq
import random


def min_rooms_heap(jobs):
    heap = []                                  # end times of jobs currently running
    for s, e in sorted(jobs):
        if heap and heap[0] <= s:              # earliest-ending job is done: reuse its GPU
            heapq.heapreplace(heap, e)
        else:
            heapq.heappush(heap, e)
    return len(heap)


def min_rooms_sweep(jobs):
    events = [(s, 1) for s, e in jobs] + [(e, -1) for s, e in jobs]
    events.sort()                              # at equal times -1 sorts before +1: end frees first
    cur = best = 0
    for _, delta in events:
        cur += delta
        best = max(best, cur)
    return best


def assign(jobs):
    """Return gpu id per job (input order), lowest free id first."""
    order = sorted(range(len(jobs)), key=lambda i: jobs[i])
    running, free, gpu, next_id = [], [], [None] * len(jobs), 0
    for i in order:
        s, e = jobs[i]
        while running and running[0][0] <= s:  # release everything finished by s
            _, g = heapq.heappop(running)
            heapq.heappush(free, g)
        if free:
            g = heapq.heappop(free)
        else:
            g, next_id = next_id, next_id + 1
        gpu[i] = g
        heapq.heappush(running, (e, g))
    return gpu


def brute(jobs):
    if not jobs:
        return 0
    lo, hi = min(s for s, _ in jobs), max(e for _, e in jobs)
    return max([0] + [sum(s <= t < e for s, e in jobs) for t in range(lo, hi)])


jobs = [(0, 30), (5, 10), (15, 20)]
assert min_rooms_heap(jobs) == min_rooms_sweep(jobs) == 2
assert min_rooms_heap([(1, 3), (3, 5), (5, 7)]) == 1           # back-to-back: half-open, reuse
assert min_rooms_sweep([(1, 3), (3, 5), (5, 7)]) == 1
assert min_rooms_heap([(1, 5), (2, 6), (4, 8), (5, 7)]) == 3
assert min_rooms_heap([]) == 0 == min_rooms_sweep([])
training_jobs = [(0, 6), (1, 3), (2, 8), (3, 5), (6, 9), (8, 10)]  # hours
g = assign(training_jobs)
print("GPUs needed:", min_rooms_heap(training_jobs), "assignment:", g)
assert max(g) + 1 == 3 == min_rooms_heap(training_jobs)


def valid(jobs, g):
    for i in range(len(jobs)):
        for j in range(i + 1, len(jobs)):
            if g[i] == g[j] and jobs[i][0] < jobs[j][1] and jobs[j][0] < jobs[i][1]:
                return False
    return True


assert valid(training_jobs, g)

rng = random.Random(0)
for _ in range(300):
    js = []
    for _ in range(rng.randint(0, 12)):
        s = rng.randint(0, 20)
        js.append((s, s + rng.randint(1, 8)))
    k = brute(js)
    assert min_rooms_heap(js) == k == min_rooms_sweep(js)
    g = assign(js)
    assert valid(js, g) and (max(g) + 1 if g else 0) == k       # greedy uses exactly k GPUs
print("random job sets checked: 300")
