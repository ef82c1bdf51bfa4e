import random
from collections import OrderedDict

MISS = object()


class LRUCache:
    def __init__(self, capacity, ttl=None, clock=None):
        self.capacity, self.ttl = capacity, ttl
        self.clock = clock or (lambda: 0.0)
        self.data = OrderedDict()               # key -> (value, expires_at)
        self.hits = self.misses = 0

    def get(self, key):
        item = self.data.get(key, MISS)
        if item is not MISS and (item[1] is None or item[1] > self.clock()):
            self.data.move_to_end(key)
            self.hits += 1
            return item[0]
        if item is not MISS:
            del self.data[key]                  # lazy expiry
        self.misses += 1
        return MISS

    def put(self, key, value):
        exp = None if self.ttl is None else self.clock() + self.ttl
        self.data[key] = (value, exp)
        self.data.move_to_end(key)
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)


class Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key, self.value, self.prev, self.next = key, value, None, None


class LinkedLRU:
    """Hash map + doubly linked list with sentinels; most recent at the tail."""

    def __init__(self, capacity):
        self.capacity, self.map = capacity, {}
        self.head, self.tail = Node(), Node()
        self.head.next, self.tail.prev = self.tail, self.head

    def _remove(self, n):
        n.prev.next, n.next.prev = n.next, n.prev

    def _append(self, n):
        n.prev, n.next = self.tail.prev, self.tail
        self.tail.prev.next = n
        self.tail.prev = n

    def get(self, key):
        n = self.map.get(key)
        if n is None:
            return MISS
        self._remove(n); self._append(n)
        return n.value

    def put(self, key, value):
        n = self.map.get(key)
        if n is not None:
            n.value = value
            self._remove(n); self._append(n)
            return
        n = Node(key, value)
        self.map[key] = n
        self._append(n)
        if len(self.map) > self.capacity:
            lru = self.head.next
            self._remove(lru)
            del self.map[lru.key]


class ListModel:
    """Brute-force reference: a list ordered from least to most recent."""

    def __init__(self, capacity):
        self.capacity, self.items = capacity, []

    def get(self, key):
        for i, (k, v) in enumerate(self.items):
            if k == key:
                self.items.append(self.items.pop(i))
                return v
        return MISS

    def put(self, key, value):
        self.items = [(k, v) for k, v in self.items if k != key] + [(key, value)]
        if len(self.items) > self.capacity:
            self.items.pop(0)


# Worked example.
c = LRUCache(2)
c.put("a", 1); c.put("b", 2)
assert c.get("a") == 1
c.put("c", 3)                                    # evicts b, the least recently used
assert c.get("b") is MISS and c.get("a") == 1 and c.get("c") == 3
assert list(c.data) == ["a", "c"] and (c.hits, c.misses) == (3, 1)

# TTL with an injected clock.
now = [0.0]
t = LRUCache(10, ttl=60, clock=lambda: now[0])
t.put("user:1", [0.1, 0.2])
now[0] = 59.0; assert t.get("user:1") == [0.1, 0.2]
now[0] = 61.0; assert t.get("user:1") is MISS and "user:1" not in t.data

# Random operations: all three implementations agree.
rng = random.Random(0)
for cap in (1, 3, 8):
    a, b, ref = LRUCache(cap), LinkedLRU(cap), ListModel(cap)
    for step in range(20000 // 3):
        k = rng.randint(0, 12)
        if rng.random() < 0.5:
            ga, gb, gr = a.get(k), b.get(k), ref.get(k)
            assert (ga is MISS and gb is MISS and gr is MISS) or ga == gb == gr
        else:
            v = rng.random()
            a.put(k, v); b.put(k, v); ref.put(k, v)
        assert list(a.data) == [k for k, _ in ref.items]
        assert len(b.map) == len(ref.items) <= cap
    node, order = b.head.next, []
    while node is not b.tail:
        order.append(node.key); node = node.next
    assert order == [k for k, _ in ref.items]

# Hit rate under Zipf-like traffic: a cache of 5% of keys serves most lookups.
keys = list(range(10_000))
weights = [1 / (i + 1) for i in keys]
z = LRUCache(500)
for k in rng.choices(keys, weights=weights, k=100_000):
    if z.get(k) is MISS:
        z.put(k, k)
hit_rate = z.hits / (z.hits + z.misses)
assert hit_rate > 0.5, hit_rate
print("zipf hit rate with 5% capacity:", round(hit_rate, 3))
