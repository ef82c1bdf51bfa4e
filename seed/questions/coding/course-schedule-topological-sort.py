"""Topological sort of a dependency graph (course schedule / pipeline DAG):
Kahn's algorithm, DFS with three colours that returns a cycle, parallel levels,
checked against brute force over all permutations."""
import heapq
import itertools
import random
from collections import deque


def kahn(n, edges):
    """edges: (before, after). Returns a valid order, or None if there is a cycle."""
    adj = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v in edges:
        adj[u].append(v)
        indeg[v] += 1
    q = deque(i for i in range(n) if indeg[i] == 0)
    order = []
    while q:
        u = q.popleft()
        order.append(u)
        for v in adj[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                q.append(v)
    return order if len(order) == n else None


def find_cycle(n, edges):
    """Iterative DFS, colours 0=unseen 1=on stack 2=done. Returns a cycle as a node list or None."""
    adj = [[] for _ in range(n)]
    for u, v in edges:
        adj[u].append(v)
    color, parent = [0] * n, [-1] * n
    for s in range(n):
        if color[s]:
            continue
        stack = [(s, iter(adj[s]))]
        color[s] = 1
        while stack:
            u, it = stack[-1]
            v = next(it, None)
            if v is None:
                color[u] = 2
                stack.pop()
            elif color[v] == 1:                      # back edge: v ... u -> v
                cyc, x = [v], u
                while x != v:
                    cyc.append(x)
                    x = parent[x]
                return cyc[::-1] if len(cyc) > 1 else [v]
            elif color[v] == 0:
                color[v], parent[v] = 1, u
                stack.append((v, iter(adj[v])))
    return None


def levels(n, edges):
    """Minimum number of parallel rounds (semesters) = nodes on the longest path."""
    adj = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v in edges:
        adj[u].append(v)
        indeg[v] += 1
    frontier, rounds, seen = [i for i in range(n) if indeg[i] == 0], 0, 0
    while frontier:
        rounds += 1
        seen += len(frontier)
        nxt = []
        for u in frontier:
            for v in adj[u]:
                indeg[v] -= 1
                if indeg[v] == 0:
                    nxt.append(v)
        frontier = nxt
    return rounds if seen == n else -1


def smallest_order(n, edges):
    """Lexicographically smallest topological order: Kahn with a min-heap."""
    adj = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v in edges:
        adj[u].append(v)
        indeg[v] += 1
    h = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(h)
    out = []
    while h:
        u = heapq.heappop(h)
        out.append(u)
        for v in adj[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                heapq.heappush(h, v)
    return out if len(out) == n else None


def is_valid(order, n, edges):
    pos = {x: i for i, x in enumerate(order)}
    return len(order) == n and len(pos) == n and all(pos[u] < pos[v] for u, v in edges)


def brute_orders(n, edges):
    return [list(p) for p in itertools.permutations(range(n)) if is_valid(p, n, edges)]


# Pipeline example: 0 raw logs -> 1 sessionize -> 3 features -> 4 train; 2 labels -> 4 train
edges = [(0, 1), (1, 3), (3, 4), (2, 4)]
order = kahn(5, edges)
assert is_valid(order, 5, edges)
assert levels(5, edges) == 4                      # chain 0 -> 1 -> 3 -> 4 has 4 nodes
assert smallest_order(5, edges) == [0, 1, 2, 3, 4]
print("order:", order, "rounds:", levels(5, edges))

cyc_edges = [(0, 1), (1, 2), (2, 0), (2, 3)]
assert kahn(4, cyc_edges) is None and levels(4, cyc_edges) == -1
cyc = find_cycle(4, cyc_edges)
assert sorted(cyc) == [0, 1, 2]
assert all((cyc[i], cyc[(i + 1) % len(cyc)]) in cyc_edges for i in range(len(cyc)))
print("cycle found:", cyc)
assert kahn(1, [(0, 0)]) is None and find_cycle(1, [(0, 0)]) == [0]   # self-loop
assert kahn(3, []) is not None and levels(3, []) == 1                   # no edges
assert kahn(0, []) == []

# Randomized check against brute force over all permutations (fixed seed)
rng = random.Random(0)
n_dag = 0
for _ in range(300):
    n = rng.randint(1, 6)
    m = rng.randint(0, 8)
    es = list({(rng.randrange(n), rng.randrange(n)) for _ in range(m)})
    valid = brute_orders(n, es)
    order = kahn(n, es)
    assert (order is None) == (not valid)
    assert (find_cycle(n, es) is None) == bool(valid)
    if valid:
        n_dag += 1
        assert is_valid(order, n, es)
        assert smallest_order(n, es) == min(valid)          # lexicographic minimum
    else:
        cyc = find_cycle(n, es)
        assert all((cyc[i], cyc[(i + 1) % len(cyc)]) in es for i in range(len(cyc)))
print("random graphs checked: 300, acyclic:", n_dag)
