"""Goodhart in miniature: best-of-n against a proxy reward that likes length.
The proxy keeps rising with optimisation pressure; the gold reward peaks and then falls."""
import numpy as np

rng = np.random.default_rng(0)
n_prompts = 4000

# A response has a true quality q and a length z (both standardised).
# Gold reward: quality, minus a penalty once answers get too long.
# Proxy reward (a learned RM): quality plus a spurious preference for length.
def gold(q, z):
    return q - 0.5 * np.maximum(z, 0) ** 2


def proxy(q, z):
    return q + 1.2 * z


ns = [1, 2, 4, 8, 16, 64, 256, 1024]
res = []
for n in ns:
    q = rng.normal(size=(n_prompts, n))
    z = rng.normal(size=(n_prompts, n))
    pick = np.argmax(proxy(q, z), axis=1)             # best-of-n selection on the proxy
    rows = np.arange(n_prompts)
    kl = np.log(n) - (n - 1) / n                      # analytic KL(best-of-n || base)
    res.append((n, kl, proxy(q, z)[rows, pick].mean(), gold(q, z)[rows, pick].mean()))

for n, kl, p, g in res:
    print(f"n={n:5d}  KL={kl:5.2f}  proxy={p:6.3f}  gold={g:6.3f}")

kls, proxies, golds = map(np.array, zip(*[(k, p, g) for _, k, p, g in res]))
assert np.all(np.diff(proxies) > 0)                   # the proxy always improves
peak = int(np.argmax(golds))
assert 0 < peak < len(ns) - 1                         # gold improves first ...
assert golds[-1] < golds[peak] - 0.1                  # ... then degrades: over-optimisation
assert kls[0] == 0.0 and np.all(np.diff(kls) > 0)

# The same selection on the gold reward (a perfect RM) never degrades
q = rng.normal(size=(n_prompts, 1024)); z = rng.normal(size=(n_prompts, 1024))
assert gold(q, z).max(axis=1).mean() > golds.max()
