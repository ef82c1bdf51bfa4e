"""Gambler's ruin: win probability and expected duration, closed form vs linear system vs simulation."""
import numpy as np


def p_win(i, N, p):
    if p == 0.5:
        return i / N
    r = (1 - p) / p
    return (1 - r**i) / (1 - r**N)


def duration(i, N, p):
    if p == 0.5:
        return i * (N - i)
    q = 1 - p
    return i / (q - p) - N / (q - p) * p_win(i, N, p)


def solve_chain(N, p):
    """First-step analysis: w_i = p w_{i+1} + q w_{i-1}, d_i = 1 + p d_{i+1} + q d_{i-1}."""
    q = 1 - p
    A = np.eye(N - 1)
    for k in range(N - 1):
        if k + 1 < N - 1:
            A[k, k + 1] = -p
        if k - 1 >= 0:
            A[k, k - 1] = -q
    b_win = np.zeros(N - 1)
    b_win[-1] = p                          # stepping from N-1 to N wins
    w = np.linalg.solve(A, b_win)
    d = np.linalg.solve(A, np.ones(N - 1))
    return w, d


for p in (0.5, 18 / 38):
    w, d = solve_chain(20, p)
    assert np.allclose(w, [p_win(i, 20, p) for i in range(1, 20)])
    assert np.allclose(d, [duration(i, 20, p) for i in range(1, 20)])

roulette = p_win(10, 20, 18 / 38)
print(f"fair: P(win)={p_win(10, 20, 0.5):.3f}, E[steps]={duration(10, 20, 0.5):.0f}; "
      f"roulette: P(win)={roulette:.4f}, E[steps]={duration(10, 20, 18 / 38):.1f}")
assert abs(roulette - 0.2585) < 1e-4
assert duration(10, 20, 0.5) == 100

# bold play: one bet of 10 at roulette wins with 18/38 = 0.4737 > 0.2585
assert 18 / 38 > roulette

# simulation of the roulette case
rng = np.random.default_rng(59)
runs, max_steps = 10_000, 1500
steps = np.where(rng.random((runs, max_steps)) < 18 / 38, 1, -1).astype(np.int16)
path = 10 + np.cumsum(steps, axis=1)
hit = (path <= 0) | (path >= 20)
assert hit.any(axis=1).all()
first = np.argmax(hit, axis=1)
won = path[np.arange(runs), first] >= 20
print(f"simulated: P(win)={won.mean():.4f}, E[steps]={(first + 1).mean():.1f}")
assert abs(won.mean() - roulette) < 0.01
assert abs((first + 1).mean() / duration(10, 20, 18 / 38) - 1) < 0.03

# a fair walk returns to 0 but the expected return time is infinite: P(no return by 2n) ~ 1/sqrt(pi n)
walks = np.cumsum(np.where(rng.random((10_000, 1000)) < 0.5, 1, -1).astype(np.int16), axis=1)
no_return = np.mean(~(walks == 0).any(axis=1))
assert abs(no_return - 1 / np.sqrt(np.pi * 500)) < 0.006
