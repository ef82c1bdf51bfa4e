"""Peeking inflates false positives; group-sequential boundaries and mSPRT restore control."""
import numpy as np

rng = np.random.default_rng(1)
REPS = 20_000


def crossing_rate(looks, boundary, effect=0.0):
    """Equal batches between looks; Z_k = S_k / sqrt(k) in units of one batch."""
    inc = rng.normal(effect, 1.0, size=(REPS, looks))
    z = np.cumsum(inc, axis=1) / np.sqrt(np.arange(1, looks + 1))
    return np.mean((np.abs(z) > boundary).any(axis=1))


naive = {k: crossing_rate(k, 1.96) for k in (1, 5, 10, 100)}
print("naive peeking FPR:", {k: round(v, 3) for k, v in naive.items()})
assert abs(naive[1] - 0.05) < 0.006
assert abs(naive[5] - 0.142) < 0.012
assert abs(naive[10] - 0.193) < 0.012
assert abs(naive[100] - 0.374) < 0.015

pocock = crossing_rate(5, 2.413)
obf_bounds = 2.04 * np.sqrt(5 / np.arange(1, 6))
obf = crossing_rate(5, obf_bounds)
print(f"Pocock FPR={pocock:.3f}  OBF bounds={np.round(obf_bounds, 2)} FPR={obf:.3f}")
assert abs(pocock - 0.05) < 0.007 and abs(obf - 0.05) < 0.007
assert np.allclose(obf_bounds, [4.56, 3.23, 2.63, 2.28, 2.04], atol=0.01)


def msprt_rejects(x, sigma2=1.0, tau2=1.0, alpha=0.05):
    """Normal-mixture SPRT checked after every observation."""
    n = np.arange(1, x.shape[1] + 1)
    s = np.cumsum(x, axis=1)
    log_lam = 0.5 * np.log(sigma2 / (sigma2 + n * tau2)) + tau2 * s**2 / (2 * sigma2 * (sigma2 + n * tau2))
    return (log_lam >= np.log(1 / alpha)).any(axis=1)


n_obs = 2000
null_fpr = msprt_rejects(rng.normal(0, 1, size=(4000, n_obs))).mean()
alt = rng.normal(0.1, 1, size=(4000, n_obs))
alt_power = msprt_rejects(alt).mean()
fixed_power = np.mean(np.abs(alt.sum(axis=1) / np.sqrt(n_obs)) > 1.96)
print(f"mSPRT FPR={null_fpr:.3f} power={alt_power:.3f} (fixed-n power={fixed_power:.3f})")
assert null_fpr <= 0.05                  # valid despite 2,000 looks
assert 0.75 < alt_power < fixed_power    # the price of always-valid inference
