"""Merge k sorted lists: heap of list heads (linked lists and lazy iterators),
divide-and-conquer pairwise merging, and early-stopping top-N across score-sorted shards;
checked against sorting the concatenation."""
import heapq
import itertools
import random


class Node:
    __slots__ = ("val", "next")

    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt


def build(values):
    head = None
    for v in reversed(values):
        head = Node(v, head)
    return head


def to_list(node):
    out = []
    while node:
        out.append(node.val)
        node = node.next
    return out


def merge_k_linked(heads):
    """Heap holds (value, list index, node); the index breaks ties so Nodes are never compared."""
    heap = [(h.val, i, h) for i, h in enumerate(heads) if h]
    heapq.heapify(heap)
    dummy = tail = Node(None)
    while heap:
        val, i, node = heapq.heappop(heap)
        tail.next = tail = node                    # splice the node in: O(1) extra memory
        if node.next:
            heapq.heappush(heap, (node.next.val, i, node.next))
    return dummy.next


_END = object()


def merge_k_iter(iterables):
    """Lazy generator: holds one item per input, works on files or network streams."""
    its = [iter(x) for x in iterables]
    heap = []
    for i, it in enumerate(its):
        for v in it:
            heap.append((v, i))
            break
    heapq.heapify(heap)
    while heap:
        v, i = heap[0]
        yield v
        nxt = next(its[i], _END)
        if nxt is _END:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (nxt, i))



def merge_two(a, b):
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    return out + a[i:] + b[j:]


def merge_k_pairwise(lists):
    """Merge neighbours in rounds: log2(k) rounds, each touching all N items."""
    lists = [list(x) for x in lists] or [[]]
    while len(lists) > 1:
        lists = [merge_two(lists[i], lists[i + 1]) if i + 1 < len(lists) else lists[i]
                 for i in range(0, len(lists), 2)]
    return lists[0]


def global_top_n(shards, n):
    """Shards each sorted by score DESC; stop after n pops instead of merging everything."""
    neg = [((-s, doc) for s, doc in shard) for shard in shards]
    return [(-s, doc) for s, doc in itertools.islice(merge_k_iter(neg), n)]


lists = [[1, 4, 5], [1, 3, 4], [2, 6]]
assert to_list(merge_k_linked([build(x) for x in lists])) == [1, 1, 2, 3, 4, 4, 5, 6]
assert list(merge_k_iter(lists)) == [1, 1, 2, 3, 4, 4, 5, 6]
assert merge_k_pairwise(lists) == [1, 1, 2, 3, 4, 4, 5, 6]
assert to_list(merge_k_linked([])) == [] and to_list(merge_k_linked([None, None])) == []
assert list(merge_k_iter([[], [7], []])) == [7]

# Three index shards return candidates sorted by model score; we want the global top 4
shards = [[(0.97, "a1"), (0.80, "a2"), (0.10, "a3")],
          [(0.95, "b1"), (0.94, "b2"), (0.20, "b3")],
          [(0.50, "c1")]]
top = global_top_n(shards, 4)
assert [d for _, d in top] == ["a1", "b1", "b2", "a2"]
print("global top-4:", top)

rng = random.Random(0)
for _ in range(300):
    k = rng.randint(0, 8)
    ls = [sorted(rng.randint(-10, 10) for _ in range(rng.randint(0, 6))) for _ in range(k)]
    expect = sorted(itertools.chain.from_iterable(ls))
    assert to_list(merge_k_linked([build(x) for x in ls])) == expect
    assert list(merge_k_iter(ls)) == expect == list(heapq.merge(*ls))
    assert merge_k_pairwise(ls) == expect
print("random list sets checked: 300")
