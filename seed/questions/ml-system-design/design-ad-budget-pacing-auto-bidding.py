"""Budget pacing for an auto-bidder: expected-value bids b = lambda * value * pCTR in second-price
auctions, with lambda steered by a feedback controller so the budget lasts the whole day."""
import numpy as np

rng = np.random.default_rng(2)
minutes = 1440
traffic = 60 + 140 * np.exp(-((np.arange(minutes) - 1200) / 180.0) ** 2)   # evening peak
n_per_min = rng.poisson(traffic)
minute = np.repeat(np.arange(minutes), n_per_min)
n = len(minute)
pctr = rng.beta(2, 98, size=n)                         # predicted CTR, mean 2%
pctr *= np.where((minute > 1080) & (minute < 1320), 1.5, 1.0)   # evening users click more
competing = rng.lognormal(mean=np.log(0.02), sigma=0.6, size=n)  # highest other bid per impression
value_per_click = 1.0                                  # advertiser's value (or target CPA) in $

def run(lmbda_of_t=None, fixed_lambda=None, budget=np.inf):
    spend = clicks = 0.0
    for t in range(minutes):
        sl = slice(np.searchsorted(minute, t), np.searchsorted(minute, t + 1))
        lam = fixed_lambda if fixed_lambda is not None else lmbda_of_t(t, spend)
        bids = lam * value_per_click * pctr[sl]
        win = bids > competing[sl]
        cost = competing[sl][win]                       # second price: pay the next-highest bid
        affordable = np.cumsum(cost) <= budget - spend  # stop when the budget runs out
        spend += cost[affordable].sum()
        clicks += pctr[sl][win][affordable].sum()       # expected clicks
    return spend, clicks

full_spend, _ = run(fixed_lambda=1.0)
budget = full_spend / 3                                # budget covers a third of unconstrained demand

# 1) No pacing: bid full value until the money is gone (typically by early afternoon).
spend_np, clicks_np = run(fixed_lambda=1.0, budget=budget)

# 2) Hindsight optimum: one uniform multiplier that spends exactly the budget (bisection).
lo, hi = 0.0, 1.0
for _ in range(40):
    mid = (lo + hi) / 2
    s, _ = run(fixed_lambda=mid)
    lo, hi = (mid, hi) if s < budget else (lo, mid)
spend_opt, clicks_opt = run(fixed_lambda=lo, budget=budget)

# 3) Online pacing: every 15 min compare spend with the plan (budget x forecast traffic share).
plan = np.cumsum(traffic) / traffic.sum() * budget
state = {"lam": 0.5}
def controller(t, spend):
    if t % 15 == 0 and t > 0:
        err = (plan[t - 1] - spend) / budget            # positive: under-spending
        state["lam"] = float(np.clip(state["lam"] * np.exp(8.0 * err), 0.01, 1.0))
    return state["lam"]
spend_pc, clicks_pc = run(lmbda_of_t=controller, budget=budget)

print(f"budget ${budget:,.0f}")
print(f"no pacing   : spend ${spend_np:,.0f}  clicks {clicks_np:,.0f}")
print(f"paced       : spend ${spend_pc:,.0f}  clicks {clicks_pc:,.0f}  final lambda {state['lam']:.2f}")
print(f"hindsight   : spend ${spend_opt:,.0f}  clicks {clicks_opt:,.0f}  lambda* {lo:.3f}")

assert spend_np <= budget + 1e-9 and spend_pc <= budget + 1e-9
assert spend_pc > 0.95 * budget                       # the paced campaign uses its budget
assert clicks_pc > 1.2 * clicks_np                     # and buys many more clicks than spending early
assert clicks_pc > 0.9 * clicks_opt                    # close to the hindsight-optimal multiplier
assert 0 < lo < 1                                      # optimal bid is shaded below value*pCTR
