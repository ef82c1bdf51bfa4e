"""Shortest path in a 0/1 grid with BFS, path reconstruction, multi-source BFS,
checked against a Bellman-Ford-style brute force on random grids."""
import random
from collections import deque

DIRS = ((1, 0), (-1, 0), (0, 1), (0, -1))


def shortest_path(grid, start, target):
    """Return (moves, path) from start to target through 0-cells; (-1, []) if unreachable."""
    if not grid or not grid[0]:
        return -1, []
    R, C = len(grid), len(grid[0])
    (sr, sc), (tr, tc) = start, target
    if grid[sr][sc] == 1 or grid[tr][tc] == 1:
        return -1, []
    parent = {start: None}            # doubles as the visited set
    q = deque([start])
    while q:
        r, c = q.popleft()
        if (r, c) == target:
            path, node = [], target
            while node is not None:
                path.append(node)
                node = parent[node]
            return len(path) - 1, path[::-1]
        for dr, dc in DIRS:
            nr, nc = r + dr, c + dc
            if 0 <= nr < R and 0 <= nc < C and grid[nr][nc] == 0 and (nr, nc) not in parent:
                parent[(nr, nc)] = (r, c)   # mark on enqueue, not on dequeue
                q.append((nr, nc))
    return -1, []


def distance_to_nearest(grid, sources):
    """Multi-source BFS: distance from every open cell to its nearest source (-1 if none)."""
    R, C = len(grid), len(grid[0])
    dist = [[-1] * C for _ in range(R)]
    q = deque()
    for r, c in sources:
        dist[r][c] = 0
        q.append((r, c))
    while q:
        r, c = q.popleft()
        for dr, dc in DIRS:
            nr, nc = r + dr, c + dc
            if 0 <= nr < R and 0 <= nc < C and grid[nr][nc] == 0 and dist[nr][nc] == -1:
                dist[nr][nc] = dist[r][c] + 1
                q.append((nr, nc))
    return dist


def brute_force(grid, start, target):
    """Relax every edge until nothing changes (Bellman-Ford); slow but obviously correct."""
    R, C = len(grid), len(grid[0])
    INF = float("inf")
    d = {(r, c): INF for r in range(R) for c in range(C) if grid[r][c] == 0}
    if start not in d or target not in d:
        return -1
    d[start] = 0
    changed = True
    while changed:
        changed = False
        for (r, c), v in d.items():
            for dr, dc in DIRS:
                nb = (r + dr, c + dc)
                if nb in d and d[nb] + 1 < v:
                    v = d[(r, c)] = d[nb] + 1
                    changed = True
    return -1 if d[target] == INF else d[target]


# Known small cases
g = [[0, 0, 0],
     [1, 1, 0],
     [0, 0, 0]]
moves, path = shortest_path(g, (0, 0), (2, 0))
assert moves == 6 and path[0] == (0, 0) and path[-1] == (2, 0)
assert shortest_path(g, (0, 0), (0, 0)) == (0, [(0, 0)])          # start == target
assert shortest_path([[0, 1], [1, 0]], (0, 0), (1, 1))[0] == -1   # walled off
assert shortest_path([[1, 0]], (0, 0), (0, 1))[0] == -1           # blocked start
assert shortest_path([[0] * 5], (0, 0), (0, 4))[0] == 4           # single row
print("3x3 detour:", moves, path)

# Multi-source: distance to the nearest of several targets in one pass
d = distance_to_nearest(g, [(0, 0), (2, 0)])
assert d[2][2] == 2 and d[0][2] == 2 and d[1][0] == -1            # walls stay -1

# Randomized check against the brute force (fixed seed)
rng = random.Random(0)
reachable = 0
for _ in range(300):
    R, C = rng.randint(1, 7), rng.randint(1, 7)
    grid = [[1 if rng.random() < 0.3 else 0 for _ in range(C)] for _ in range(R)]
    s = (rng.randrange(R), rng.randrange(C))
    t = (rng.randrange(R), rng.randrange(C))
    moves, path = shortest_path(grid, s, t)
    assert moves == brute_force(grid, s, t)
    if moves >= 0:
        reachable += 1
        # the path is valid: consecutive cells adjacent, all open
        assert all(abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1 for a, b in zip(path, path[1:]))
        assert all(grid[r][c] == 0 for r, c in path)
        # multi-source BFS from the single source agrees
        assert distance_to_nearest(grid, [s])[t[0]][t[1]] == moves
print("random grids checked: 300, reachable:", reachable)
