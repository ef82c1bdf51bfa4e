"""Cost-aware fraud decisions: block when expected fraud loss exceeds the cost of a false decline."""
import numpy as np

rng = np.random.default_rng(7)
n = 200_000
amount = rng.lognormal(mean=3.5, sigma=1.0, size=n)           # median ~$33, long right tail
# True fraud probability rises with amount and with a latent risk signal.
risk = rng.normal(size=n)
logit = -10.3 + 2.6 * risk + 0.5 * np.log(amount)
p_true = 1 / (1 + np.exp(-logit))
is_fraud = rng.random(n) < p_true
# A calibrated but imperfect model: it sees the risk signal with noise.
noisy = -10.3 + 2.6 * (0.8 * risk + 0.6 * rng.normal(size=n)) + 0.5 * np.log(amount)
score = 1 / (1 + np.exp(-noisy))
score *= is_fraud.mean() / score.mean()                        # crude recalibration of the mean

margin = 0.03          # profit lost on a legitimate sale we decline (3% of amount)
friction = 5.0         # customer-service and churn cost of a false decline, in $

def total_cost(block):
    fraud_loss = amount[is_fraud & ~block].sum()               # approved fraud becomes a chargeback
    false_decl = (~is_fraud & block)
    decline_cost = (margin * amount[false_decl] + friction).sum()
    return fraud_loss + decline_cost

# Policy A: a fixed probability threshold, the "0.5" reflex.
cost_fixed = total_cost(score > 0.5)
# Policy B: the best single probability threshold, tuned on the data.
grid = np.quantile(score, np.linspace(0.90, 0.9999, 200))
cost_best_thr = min(total_cost(score > t) for t in grid)
# Policy C: the Bayes rule per transaction, block iff p*A > (1-p)*(margin*A + friction).
block_c = score * amount > (1 - score) * (margin * amount + friction)
cost_bayes = total_cost(block_c)
cost_none = total_cost(np.zeros(n, bool))

fraud_rate = is_fraud.mean()
recall_c = (block_c & is_fraud).sum() / is_fraud.sum()
dollar_recall_c = amount[block_c & is_fraud].sum() / amount[is_fraud].sum()
print(f"fraud rate {fraud_rate:.4%}; cost: none ${cost_none:,.0f}, p>0.5 ${cost_fixed:,.0f}, "
      f"best threshold ${cost_best_thr:,.0f}, amount-aware ${cost_bayes:,.0f}")
print(f"amount-aware rule blocks {block_c.mean():.3%} of txns, count recall {recall_c:.2f}, dollar recall {dollar_recall_c:.2f}")

assert 0.001 < fraud_rate < 0.02                      # rare-event regime
assert cost_bayes < cost_best_thr < cost_none         # using the amount beats any single threshold
assert cost_bayes < cost_fixed
assert dollar_recall_c > recall_c                     # the rule spends its blocks on large frauds
