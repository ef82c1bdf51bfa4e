"""Label quality math for a labeling pipeline.

1. Cohen's kappa for two annotators with independent errors on a balanced binary task:
   p_o = a1*a2 + (1-a1)*(1-a2), p_e = 0.5, so kappa = (2*a1 - 1) * (2*a2 - 1).
2. Aggregating 5 noisy votes: majority vote vs votes weighted by log-odds of each annotator's
   accuracy measured on gold (known-answer) questions. Weighted voting is the optimal rule for
   independent annotators with known accuracies.
"""
import numpy as np

rng = np.random.default_rng(2024)
n = 40_000
truth = rng.integers(0, 2, n)


def annotate(acc):
    correct = rng.random(n) < acc
    return np.where(correct, truth, 1 - truth)


def cohen_kappa(x, y):
    po = np.mean(x == y)
    px, py = x.mean(), y.mean()
    pe = px * py + (1 - px) * (1 - py)
    return (po - pe) / (1 - pe)


a1, a2 = 0.9, 0.8
k = cohen_kappa(annotate(a1), annotate(a2))
print(f"kappa for accuracies {a1}, {a2}: {k:.3f} (closed form {(2 * a1 - 1) * (2 * a2 - 1):.3f}); "
      f"raw agreement {a1 * a2 + (1 - a1) * (1 - a2):.2f}")
assert abs(k - (2 * a1 - 1) * (2 * a2 - 1)) < 0.02      # 0.48, although raw agreement is 74%

# five annotators: one expert, two decent, two near-random (spammers)
accs = np.array([0.95, 0.75, 0.75, 0.55, 0.55])
votes = np.stack([annotate(a) for a in accs])           # shape (5, n)

# estimate each annotator's accuracy from 200 gold questions
gold = rng.choice(n, 200, replace=False)
acc_hat = np.clip((votes[:, gold] == truth[gold]).mean(axis=1), 0.01, 0.99)
w = np.log(acc_hat / (1 - acc_hat))                     # log-odds weights

majority = (votes.mean(axis=0) > 0.5).astype(int)
weighted = ((w[:, None] * (2 * votes - 1)).sum(axis=0) > 0).astype(int)
acc_major = np.mean(majority == truth)
acc_weight = np.mean(weighted == truth)
print(f"estimated accuracies {np.round(acc_hat, 2)}")
print(f"majority of 5: {acc_major:.3f}, log-odds weighted: {acc_weight:.3f}, best single: {accs.max()}")
assert acc_weight > acc_major + 0.02                    # the expert should not be outvoted by spammers
assert acc_weight >= 0.94                               # and aggregation does not lose the expert
assert acc_major < accs.max()                           # naive voting is worse than the best annotator
