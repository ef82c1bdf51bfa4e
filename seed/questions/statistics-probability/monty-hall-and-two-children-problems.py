"""Monty Hall (knowing and ignorant host) and the two-children puzzles, by simulation and by counting."""
from fractions import Fraction
from itertools import product

import numpy as np

rng = np.random.default_rng(3)
N = 300_000

# --- Monty Hall with a host who knows and always reveals a goat ---
car = rng.integers(0, 3, N)
pick = rng.integers(0, 3, N)
stay_wins = np.mean(car == pick)
switch_wins = np.mean(car != pick)      # switching wins exactly when the first pick was wrong
print(f"stay={stay_wins:.3f} switch={switch_wins:.3f}")
assert abs(stay_wins - 1 / 3) < 0.005 and abs(switch_wins - 2 / 3) < 0.005

# explicit simulation of the host choice, to be sure the shortcut above is right
wins = 0
for c, p in zip(car[:30_000], pick[:30_000]):
    options = [d for d in range(3) if d != p and d != c]
    opened = options[rng.integers(len(options))]
    other = 3 - p - opened
    wins += other == c
assert abs(wins / 30_000 - 2 / 3) < 0.01

# --- Ignorant host: opens a random other door; keep only games where it showed a goat ---
offset = rng.integers(1, 3, N)
opened = (pick + offset) % 3
goat_shown = opened != car
other = 3 - pick - opened
switch_given_goat = np.mean(other[goat_shown] == car[goat_shown])
print(f"ignorant host, switch wins={switch_given_goat:.3f}")
assert abs(switch_given_goat - 0.5) < 0.005

# --- Two children by exact enumeration ---
kids = list(product("BG", repeat=2))                   # (older, younger)
at_least_one = [k for k in kids if "B" in k]
assert Fraction(sum(k == ("B", "B") for k in at_least_one), len(at_least_one)) == Fraction(1, 3)
older_boy = [k for k in kids if k[0] == "B"]
assert Fraction(sum(k == ("B", "B") for k in older_boy), len(older_boy)) == Fraction(1, 2)

# boy born on a Tuesday (day 2): 14 x 14 equally likely (sex, day) pairs
child = list(product("BG", range(7)))
fams = [f for f in product(child, repeat=2) if ("B", 2) in f]
two_boys = sum(f[0][0] == "B" and f[1][0] == "B" for f in fams)
assert (len(fams), two_boys) == (27, 13)
assert Fraction(two_boys, len(fams)) == Fraction(13, 27)

# meeting a parent with one randomly chosen child, who is a boy -> 1/2
sexes = rng.integers(0, 2, (N, 2))                    # 1 = boy
shown = sexes[np.arange(N), rng.integers(0, 2, N)]
bb = np.mean(sexes[shown == 1].sum(1) == 2)
print(f"random child is a boy -> P(BB)={bb:.3f}")
assert abs(bb - 0.5) < 0.005
