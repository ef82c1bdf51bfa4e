"""Switchback experiments: carryover bias vs slot length, burn-in, and why inference must be at the slot level."""
import numpy as np

rng = np.random.default_rng(0)
minutes = 14 * 24 * 60                       # two weeks of one market, per-minute outcome (e.g. completed trips)
tau, gamma, rho = 1.0, 2.0, 0.97             # instant effect, carryover effect, per-minute carryover persistence
GATE = tau + gamma                           # global effect: everyone treated forever vs never (carryover state -> 1)
t = np.arange(minutes)
base = 20 + 5 * np.sin(2 * np.pi * t / 1440)  # daily demand cycle
print(f"carryover half-life: {np.log(0.5) / np.log(rho):.1f} minutes; global effect {GATE}")


def simulate(slot, burn_in, reps=200):
    """Returns estimates, naive minute-level SEs and slot-level SEs over `reps` independent runs."""
    n_slots = minutes // slot
    z = np.repeat(rng.integers(0, 2, (reps, n_slots)), slot, axis=1)          # randomize each slot
    c = np.zeros(reps); carry = np.empty((reps, minutes))
    e = np.zeros(reps); noise = np.empty((reps, minutes))
    shocks = rng.normal(0, 2, (reps, minutes))
    for m in range(minutes):
        c = rho * c + (1 - rho) * z[:, m]; carry[:, m] = c                 # system state (e.g. driver positions)
        e = 0.95 * e + shocks[:, m]; noise[:, m] = e                         # autocorrelated demand noise
    y = base + tau * z + gamma * carry + noise
    keep = (t % slot) >= burn_in                                             # drop the start of every slot
    est, se_naive, se_slot = [], [], []
    for r in range(reps):
        yk, zk = y[r, keep], z[r, keep]
        est.append(yk[zk == 1].mean() - yk[zk == 0].mean())
        se_naive.append(np.sqrt(yk[zk == 1].var() / (zk == 1).sum() + yk[zk == 0].var() / (zk == 0).sum()))
        ys = y[r].reshape(n_slots, slot)[:, burn_in:].mean(1); zs = z[r, ::slot]   # one row per slot
        se_slot.append(np.sqrt(ys[zs == 1].var(ddof=1) / (zs == 1).sum() + ys[zs == 0].var(ddof=1) / (zs == 0).sum()))
    return np.array(est), np.mean(se_naive), np.mean(se_slot)


res = {}
for slot, burn in [(10, 0), (60, 0), (180, 0), (180, 60)]:
    est, se_n, se_s = simulate(slot, burn)
    res[slot, burn] = (est.mean(), est.std(), se_n, se_s)
    print(f"slot {slot:3d} min, burn-in {burn:2d}: mean estimate {est.mean():.2f} (GATE {GATE}), "
          f"true sd {est.std():.3f}, naive minute SE {se_n:.3f}, slot-level SE {se_s:.3f}")

# short slots: the carryover state never reaches either extreme, so the estimate collapses toward the instant effect
assert abs(res[10, 0][0] - tau) < 0.4
# longer slots reduce the bias, and burn-in removes most of what is left
bias = {k: abs(v[0] - GATE) for k, v in res.items()}
assert bias[10, 0] > bias[60, 0] > bias[180, 0] > bias[180, 60]
assert bias[180, 60] < 0.1 * GATE
# ... at the price of variance: fewer, longer slots (and discarded minutes) mean a noisier estimate
assert res[180, 60][1] > res[60, 0][1]
# inference: minute-level SEs ignore autocorrelation and slot-level randomization, badly understating uncertainty
for k, (_, sd, se_n, se_s) in res.items():
    if k[0] >= 60:
        assert se_n < 0.5 * sd and 0.7 < se_s / sd < 1.4
