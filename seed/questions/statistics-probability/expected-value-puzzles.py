"""Expected waiting times: HH vs HT by a Markov chain and by simulation, coupon collector, reroll game."""
from fractions import Fraction

import numpy as np


def expected_wait(pattern, p_head=0.5):
    """Solve first-step equations on the pattern-matching automaton (states = matched prefix length)."""
    m = len(pattern)

    def next_state(state, c):
        s = pattern[:state] + c
        for k in range(min(len(s), m), -1, -1):     # longest suffix of s that is a prefix of pattern
            if s.endswith(pattern[:k]):
                return k
        return 0

    A = np.eye(m)
    b = np.ones(m)
    for state in range(m):
        for c, pc in (("H", p_head), ("T", 1 - p_head)):
            nxt = next_state(state, c)
            if nxt < m:
                A[state, nxt] -= pc
    return np.linalg.solve(A, b)[0]


def simulate_wait(pattern, rng, runs=100_000, p_head=0.5, length=200):
    """Toss `length` coins per run and find the first position where the pattern ends."""
    heads = rng.random((runs, length)) < p_head
    m = len(pattern)
    match = np.ones((runs, length - m + 1), dtype=bool)
    for i, c in enumerate(pattern):
        col = heads[:, i : length - m + 1 + i]
        match &= col if c == "H" else ~col
    assert match.any(axis=1).all()                 # 200 tosses is plenty for these patterns
    return np.mean(np.argmax(match, axis=1) + m)


rng = np.random.default_rng(11)
for pat, exact in [("HH", 6), ("HT", 4), ("HHH", 14), ("HTH", 10)]:
    e = expected_wait(pat)
    assert np.isclose(e, exact), (pat, e)
    sim = simulate_wait(pat, rng, runs=40_000)
    print(f"{pat}: chain={e:.3f} simulated={sim:.3f}")
    assert abs(sim - exact) < 0.25

# biased coin: E[HH] = (1 + p) / p^2
p = 0.3
assert np.isclose(expected_wait("HH", p), (1 + p) / p**2)

# coupon collector for a die: 6 * H_6 = 14.7
exact_cc = 6 * sum(Fraction(1, k) for k in range(1, 7))
assert exact_cc == Fraction(147, 10)
# vectorized: 200 rolls per run is plenty; the first roll at which all six faces have appeared
faces = rng.integers(0, 6, size=(20_000, 200))
first_seen = np.stack([np.argmax(faces == f, axis=1) for f in range(6)], axis=1)
assert all((faces == f).any(axis=1).all() for f in range(6))
rolls = first_seen.max(axis=1) + 1
print(f"coupon collector: exact={float(exact_cc)} simulated={np.mean(rolls):.3f}")
assert abs(np.mean(rolls) - 14.7) < 0.15

# expected max of two dice = 161/36
assert sum(Fraction(k * (2 * k - 1), 36) for k in range(1, 7)) == Fraction(161, 36)

# reroll game: keep 4-6, reroll 1-3 -> 4.25; with two rerolls -> 4 + 2/3
one = Fraction(1, 2) * 5 + Fraction(1, 2) * Fraction(7, 2)
two = Fraction(1, 3) * Fraction(11, 2) + Fraction(2, 3) * one
assert one == Fraction(17, 4) and two == Fraction(14, 3)

# race: HH vs HT on the same tosses, each wins half the time
s = rng.random((50_000, 100)) < 0.5
first_hh = np.argmax(s[:, :-1] & s[:, 1:], axis=1)
first_ht = np.argmax(s[:, :-1] & ~s[:, 1:], axis=1)
assert abs(np.mean(first_hh < first_ht) - 0.5) < 0.01
