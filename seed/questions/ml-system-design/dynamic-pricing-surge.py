"""Two calculations behind dynamic pricing.

1. Why elasticity must be estimated from randomized price variation: surge raises prices exactly
   when demand is high, so regressing demand on price in observational logs is confounded.
2. The market-clearing surge multiplier for constant-elasticity demand and supply,
   solved by bisection and checked against the closed form m = (D0/S0)^(1/(eps+eta)).
"""
import numpy as np

rng = np.random.default_rng(11)
EPS = 1.5                                     # true price elasticity of demand
n = 20_000

# ---------- 1. confounded vs randomized elasticity estimates ---------------
shock = rng.normal(0, 0.5, n)                 # rain, concerts: raises demand
log_p_obs = 0.8 * shock + rng.normal(0, 0.1, n)          # the pricing policy reacts to demand
log_p_rand = 0.8 * shock + rng.normal(0, 0.1, n)
jitter = rng.uniform(-0.1, 0.1, n)            # randomized +-10% price test on top of the policy
log_p_rand = log_p_rand + jitter


def log_demand(log_p):
    return 3.0 - EPS * log_p + shock + rng.normal(0, 0.2, n)


def slope(x, y):
    x = x - x.mean()
    return float(x @ (y - y.mean()) / (x @ x))


eps_naive = -slope(log_p_obs, log_demand(log_p_obs))
q_rand = log_demand(log_p_rand)
# use only the randomized part of the price: the jitter is independent of the shock, so it is a
# valid instrument; IV (Wald) estimate = cov(jitter, log q) / cov(jitter, log p)
eps_iv = -(np.cov(jitter, q_rand)[0, 1] / np.cov(jitter, log_p_rand)[0, 1])
print(f"true elasticity {EPS}; naive regression on logs {eps_naive:.2f}; from randomized jitter {eps_iv:.2f}")
assert eps_naive < 0.5                         # confounding makes demand look almost price-insensitive
assert abs(eps_iv - EPS) < 0.1

# ---------- 2. market-clearing multiplier ----------------------------------
D0, S0 = 1200.0, 800.0                        # ride requests vs available drivers at base price, per 5 min
eps_short, eta = 0.6, 0.4                     # rider and driver short-run elasticities


def excess_demand(m):
    return D0 * m ** (-eps_short) - S0 * m ** eta


lo, hi = 1.0, 10.0
for _ in range(100):
    mid = (lo + hi) / 2
    lo, hi = (mid, hi) if excess_demand(mid) > 0 else (lo, mid)
m_star = (lo + hi) / 2
closed = (D0 / S0) ** (1 / (eps_short + eta))
print(f"clearing multiplier: bisection {m_star:.4f}, closed form {closed:.4f}")
assert np.isclose(m_star, closed, rtol=1e-9) and np.isclose(closed, 1.5)

# revenue-maximizing price for constant elasticity eps > 1 and unit cost c: p* = c * eps / (eps - 1)
c = 10.0
prices = np.linspace(10.5, 100, 100_000)
profit = (prices - c) * prices ** (-EPS)
assert np.isclose(prices[np.argmax(profit)], c * EPS / (EPS - 1), rtol=1e-3)   # = 30.0
