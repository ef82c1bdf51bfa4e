"""Error bars for LLM evals: the CLT standard error, clustered standard errors when questions
share a passage, paired differences between two models, resampling answers to cut noise,
and the number of questions needed to detect a 3-point gain."""
import math
import numpy as np

rng = np.random.default_rng(0)

# ---- 1) clustered questions: naive intervals under-cover --------------------------------------
G, m = 100, 5                                           # 100 passages x 5 questions each
def one_eval():
    passage = rng.beta(2, 2, G)                         # passage difficulty shared by its questions
    x = (rng.random((G, m)) < passage[:, None]).astype(float)
    return x


def se_naive(x):
    v = x.ravel()
    return v.std(ddof=1) / math.sqrt(v.size)


def se_cluster(x):                                      # Liang-Zeger / cluster-robust for a mean
    v = x.ravel()
    resid = (x - v.mean()).sum(1)                       # per-cluster sum of residuals
    return math.sqrt((resid ** 2).sum()) / v.size * math.sqrt(G / (G - 1))


truth = 0.5                                             # E[beta(2,2)]
cover = {"naive": 0, "clustered": 0}
ratio = []
for _ in range(2000):
    x = one_eval()
    mu = x.mean()
    for name, se in [("naive", se_naive(x)), ("clustered", se_cluster(x))]:
        cover[name] += abs(mu - truth) < 1.96 * se
    ratio.append(se_cluster(x) / se_naive(x))
cover = {k: v / 2000 for k, v in cover.items()}
print(f"95% CI coverage: naive {cover['naive']:.3f}, clustered {cover['clustered']:.3f}; "
      f"clustered SE / naive SE = {np.mean(ratio):.2f}")
assert cover["naive"] < 0.85 and abs(cover["clustered"] - 0.95) < 0.02
# design effect 1 + (m - 1) * ICC; for beta(2,2) passage rates the ICC is Var(p)/(E p (1 - E p)) = 0.2
assert abs(np.mean(ratio) - math.sqrt(1 + (m - 1) * 0.2)) < 0.05

# ---- 2) paired comparison of two models on the same questions ---------------------------------
n = 1000
difficulty = rng.normal(0, 1.5, n)                      # shared: hard questions are hard for both
pa = 1 / (1 + np.exp(-(difficulty + 0.3)))
pb = 1 / (1 + np.exp(-(difficulty + 0.1)))
a = (rng.random(n) < pa).astype(float)
b = (rng.random(n) < pb).astype(float)
diff = a.mean() - b.mean()
se_unpaired = math.sqrt(a.var(ddof=1) / n + b.var(ddof=1) / n)
se_paired = (a - b).std(ddof=1) / math.sqrt(n)
print(f"A - B = {diff:+.3f}; unpaired SE {se_unpaired:.4f}, paired SE {se_paired:.4f}; "
      f"corr(A, B) {np.corrcoef(a, b)[0, 1]:.2f}")
assert se_paired < 0.9 * se_unpaired                   # pairing removes the shared question variance
assert abs(se_paired ** 2 - (se_unpaired ** 2 - 2 * np.cov(a, b)[0, 1] / n)) < 1e-9

# ---- 3) resampling k answers per question shrinks the within-question part ----------------------
p_q = rng.beta(2, 2, 500)                               # per-question probability of a correct answer
total = {}
for k in (1, 10):
    means = [(rng.random((500, k)) < p_q[:, None]).mean() for _ in range(2000)]
    total[k] = np.var(means)
within = np.mean(p_q * (1 - p_q)) / 500                 # sampling noise with one answer per question
print(f"variance of the eval score over reruns: k=1 {total[1]:.2e}, k=10 {total[10]:.2e}")
assert abs(total[1] - within) / within < 0.1
assert abs(total[10] - within / 10) / (within / 10) < 0.15
# (this is rerun noise for FIXED questions; the between-question variance stays and needs more questions)

# ---- 4) power: questions needed to detect a 3-point gain, paired, alpha 0.05, power 0.8 ----------
sd_diff = (a - b).std(ddof=1)                           # per-question SD of the score difference
n_needed = math.ceil(((1.96 + 0.84) * sd_diff / 0.03) ** 2)
print(f"per-question SD of the difference {sd_diff:.3f} -> about {n_needed} questions for a 3-point gain")
assert 1000 < n_needed < 5000
