"""MinHash + LSH banding, checked against exact Jaccard and the S-curve formula.

* P[min h(A) == min h(B)] = J(A, B), so the share of equal signature slots estimates J with
  standard error sqrt(J (1 - J) / k).
* With b bands of r rows, a pair becomes a candidate with probability 1 - (1 - J^r)^b.
"""
import re
import zlib

import numpy as np

rng = np.random.default_rng(99)
K, BANDS, ROWS = 128, 16, 8
assert BANDS * ROWS == K
P = (1 << 31) - 1                                       # Mersenne prime; a*x < 2^62 fits in int64
A_COEF = rng.integers(1, P, K, dtype=np.int64)
B_COEF = rng.integers(0, P, K, dtype=np.int64)


def minhash(items):
    x = np.fromiter(items, dtype=np.int64) % P
    return ((A_COEF[:, None] * x[None, :] + B_COEF[:, None]) % P).min(axis=1)


def shingles(text, w=5):
    words = re.findall(r"\w+", text.lower())
    return {zlib.crc32(" ".join(words[i:i + w]).encode()) for i in range(len(words) - w + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b)


def is_candidate(sig_a, sig_b):
    return any(np.array_equal(sig_a[i * ROWS:(i + 1) * ROWS], sig_b[i * ROWS:(i + 1) * ROWS])
               for i in range(BANDS))


# a text example: a page and a lightly edited copy
page = " ".join(f"w{int(i)}" for i in rng.integers(0, 5000, 400))
words = page.split()
edited = words.copy()
for pos in rng.choice(len(words), 8, replace=False):    # change 8 of 400 words
    edited[pos] = "changed"
sa, sb = shingles(page), shingles(" ".join(edited))
est = np.mean(minhash(sa) == minhash(sb))
print(f"text pair: exact Jaccard of 5-word shingles {jaccard(sa, sb):.3f}, MinHash estimate {est:.3f}")
assert abs(est - jaccard(sa, sb)) < 0.15

# many synthetic pairs with exact Jaccard 0.8 (near duplicates) and 0.3 (unrelated-ish)
results = {}
for J, (shared, only) in {0.8: (240, 30), 0.3: (90, 105)}.items():
    ests, cands = [], []
    for _ in range(400):
        universe = rng.choice(10**9, shared + 2 * only, replace=False)
        a = set(universe[:shared + only].tolist())
        b = set(universe[:shared].tolist()) | set(universe[shared + only:].tolist())
        assert abs(jaccard(a, b) - J) < 1e-12
        ma, mb = minhash(a), minhash(b)
        ests.append(np.mean(ma == mb))
        cands.append(is_candidate(ma, mb))
    ests = np.array(ests)
    theory_p = 1 - (1 - J ** ROWS) ** BANDS
    results[J] = (ests.mean(), ests.std(), np.mean(cands), theory_p)
    print(f"J={J}: mean estimate {ests.mean():.3f}, sd {ests.std():.4f} "
          f"(theory {np.sqrt(J * (1 - J) / K):.4f}); candidate rate {np.mean(cands):.3f} (theory {theory_p:.3f})")
    assert abs(ests.mean() - J) < 0.01                            # unbiased
    assert abs(ests.std() / np.sqrt(J * (1 - J) / K) - 1) < 0.2  # binomial standard error
    assert abs(np.mean(cands) - theory_p) < 0.05                  # LSH S-curve

# the S-curve threshold (1/b)^(1/r) ~ 0.71 separates the two groups
assert np.isclose((1 / BANDS) ** (1 / ROWS), 0.7071, atol=1e-4)
assert results[0.8][2] > 0.9 and results[0.3][2] < 0.01
