"""People-you-may-know candidate generation: friends-of-friends scored by common neighbours and Adamic-Adar."""
import numpy as np

rng = np.random.default_rng(3)
n, n_comm = 1200, 40                                   # users in 40 "schools / workplaces"
comm = rng.integers(0, n_comm, size=n)
p_edge = np.where(comm[:, None] == comm[None, :], 0.35, 0.002)
upper = np.triu(rng.random((n, n)) < p_edge, k=1)
A_full = (upper | upper.T).astype(float)

# Hide 10% of edges: they play the friendships that will form next month.
edges = np.argwhere(np.triu(A_full, 1) > 0)
hidden = edges[rng.random(len(edges)) < 0.10]
A = A_full.copy()
A[hidden[:, 0], hidden[:, 1]] = A[hidden[:, 1], hidden[:, 0]] = 0

deg = A.sum(1)
common = A @ A                                         # common-neighbour counts (friends of friends)
inv_log_deg = np.where(deg > 1, 1 / np.log(np.maximum(deg, 2)), 0.0)
adamic_adar = (A * inv_log_deg[None, :]) @ A           # sum over shared friends z of 1/log(deg z)

def recall_at_k(score, k=10):
    s = score.copy()
    s[A > 0] = -np.inf                                 # already friends
    np.fill_diagonal(s, -np.inf)
    truth = {}
    for u, v in hidden:
        truth.setdefault(u, set()).add(v); truth.setdefault(v, set()).add(u)
    hits = total = 0
    for u, vs in truth.items():
        top = np.argpartition(-s[u], k)[:k]
        hits += len(vs & set(top)); total += len(vs)
    return hits / total

two_hop = ((common > 0) & (A == 0))
share_in_2hop = np.mean([two_hop[u, v] for u, v in hidden])
r_cn, r_aa = recall_at_k(common), recall_at_k(adamic_adar)
r_rand = recall_at_k(rng.random((n, n)))
print(f"hidden edges inside the 2-hop set: {share_in_2hop:.2%}; avg 2-hop set size {two_hop.sum(1).mean():.0f} of {n}")
print(f"recall@10: common neighbours {r_cn:.3f}, Adamic-Adar {r_aa:.3f}, random {r_rand:.3f}")

# Check the matrix form on one pair against the definition.
u, v = hidden[0]
shared = np.flatnonzero((A[u] > 0) & (A[v] > 0))
assert common[u, v] == len(shared)
assert np.isclose(adamic_adar[u, v], sum(1 / np.log(deg[z]) for z in shared))
assert share_in_2hop > 0.7                            # most new friendships close a triangle
assert min(r_cn, r_aa) > 10 * r_rand                   # graph proximity is a strong candidate source
