"""Accounts merge / entity resolution with union-find (path halving + union by size),
checked against a pairwise-overlap graph + BFS brute force on random data."""
import random
from collections import defaultdict, deque


class DSU:
    def __init__(self, n):
        self.parent = list(range(n))
        self.size = [1] * n
        self.components = n

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]   # path halving
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra                                # small tree under big
        self.size[ra] += self.size[rb]
        self.components -= 1
        return True


def merge_accounts(accounts):
    """accounts: [name, email, email, ...]. Two accounts are the same person if they
    share any email. Returns sorted [name, *sorted emails] per person."""
    dsu = DSU(len(accounts))
    owner = {}                                  # email -> first account index seen
    for i, acc in enumerate(accounts):
        for e in acc[1:]:
            if e in owner:
                dsu.union(i, owner[e])
            else:
                owner[e] = i
    groups = defaultdict(set)
    for e, i in owner.items():
        groups[dsu.find(i)].add(e)
    return sorted([accounts[r][0]] + sorted(es) for r, es in groups.items())


def merge_brute(accounts):
    """O(n^2 * L) pairwise overlap graph, then BFS for connected components."""
    n = len(accounts)
    sets = [set(a[1:]) for a in accounts]
    adj = [[j for j in range(n) if j != i and sets[i] & sets[j]] for i in range(n)]
    seen, out = [False] * n, []
    for s in range(n):
        if seen[s]:
            continue
        seen[s], comp, q = True, set(), deque([s])
        while q:
            u = q.popleft()
            comp |= sets[u]
            for v in adj[u]:
                if not seen[v]:
                    seen[v] = True
                    q.append(v)
        if comp:
            out.append([accounts[s][0]] + sorted(comp))
    return sorted(out)


accounts = [
    ["John", "johnsmith@mail.com", "john_newyork@mail.com"],
    ["John", "johnsmith@mail.com", "john00@mail.com"],
    ["Mary", "mary@mail.com"],
    ["John", "johnnybravo@mail.com"],
]
merged = merge_accounts(accounts)
assert merged == [
    ["John", "john00@mail.com", "john_newyork@mail.com", "johnsmith@mail.com"],
    ["John", "johnnybravo@mail.com"],                 # same name, different person
    ["Mary", "mary@mail.com"],
]
print(merged)

# Transitivity: A-B share e1, B-C share e2, so A and C merge although they share nothing
chain = [["u", "e0", "e1"], ["u", "e1", "e2"], ["u", "e2", "e3"]]
assert merge_accounts(chain) == [["u", "e0", "e1", "e2", "e3"]]
assert merge_accounts([]) == []
assert merge_accounts([["a", "x", "x"]]) == [["a", "x"]]   # duplicate email inside one account

# Union-find on its own: number of connected components in an undirected graph
d = DSU(6)
for a, b in [(0, 1), (1, 2), (3, 4), (2, 0)]:
    d.union(a, b)
assert d.components == 3                          # {0,1,2}, {3,4}, {5}

# Randomized check against the brute force (fixed seed)
rng = random.Random(0)
for trial in range(300):
    n = rng.randint(1, 12)
    pool = [f"e{k}" for k in range(rng.randint(1, 15))]
    accs = []
    for i in range(n):
        name = f"p{rng.randint(0, 3)}"
        accs.append([name] + rng.sample(pool, rng.randint(1, min(3, len(pool)))))
    fast = merge_accounts(accs)
    slow = merge_brute(accs)
    # compare the email groups (random names may differ inside one component)
    assert sorted(g[1:] for g in fast) == sorted(g[1:] for g in slow)
    assert sum(len(g) - 1 for g in fast) == len({e for a in accs for e in a[1:]})  # every email once
print("random account sets checked: 300")
