"""How often should a large training job checkpoint?

Job-level failures arrive as a Poisson process with mean time between failures M (a 16k-GPU job
sees one every few hours). Every tau seconds of work the job stops for C seconds to checkpoint;
after a failure it loses the work since the last checkpoint and pays a restart cost R.

Exact expected wall time per checkpoint segment (memoryless failures):
    E[T] = (M + R) * (exp((tau + C) / M) - 1)
Young's first-order optimum: tau* = sqrt(2 * C * M).
We check the formula by simulation and the optimum against Young's rule.
"""
import numpy as np

rng = np.random.default_rng(17)
M = 3 * 3600.0          # one job interruption every 3 hours
R = 600.0               # 10 min to detect, swap the node, reload and warm up


def expected_overhead(tau, C):
    """Wall-clock seconds per second of useful work."""
    return (M + R) * np.expm1((tau + C) / M) / tau


def simulate_overhead(tau, C, segments=20_000):
    total = 0.0
    for _ in range(segments):
        while True:
            t_fail = rng.exponential(M)
            if t_fail >= tau + C:
                total += tau + C
                break
            total += t_fail + R
    return total / (segments * tau)


for C, label in [(60.0, "blocking checkpoint, 60 s"), (5.0, "async checkpoint, 5 s stall")]:
    taus = np.linspace(60, 7200, 20_000)
    ov = expected_overhead(taus, C)
    tau_opt = taus[np.argmin(ov)]
    young = np.sqrt(2 * C * M)
    sim = simulate_overhead(tau_opt, C)
    print(f"{label}: optimal interval {tau_opt / 60:.1f} min (Young {young / 60:.1f} min), "
          f"overhead {ov.min() - 1:.1%} exact, {sim - 1:.1%} simulated")
    assert abs(tau_opt / young - 1) < 0.1          # Young's rule is within 10% of the exact optimum
    assert abs(sim / ov.min() - 1) < 0.02          # simulation agrees with the closed form
    if C == 60.0:
        waste_blocking = ov.min() - 1
    else:
        waste_async = ov.min() - 1

# first-order decomposition: waste ~ C/tau + tau/(2M) + R/M; at tau = sqrt(2CM) the first two
# terms are equal, sqrt(2C/M) in total. Cheap checkpoints halve the waste ...
assert waste_async < 0.55 * waste_blocking
# ... after which restart time dominates: R/M = 5.6% of 8.8% -> invest in hot spares and fast reloads
print(f"restart share of the async waste: {R / M:.1%} of {waste_async:.1%}")
assert R / M > 0.6 * waste_async
# checkpointing hourly with a 60 s blocking checkpoint is worse than the optimum
assert expected_overhead(3600.0, 60.0) - 1 > waste_blocking

# compute budget sanity check: 6 * N * D FLOPs for a 70B model on 2T tokens at 40% MFU of 989 TFLOPS
flops = 6 * 70e9 * 2e12
gpu_hours = flops / (0.4 * 989e12) / 3600
days_on_2048 = gpu_hours / 2048 / 24
print(f"70B x 2T tokens: {flops:.2e} FLOPs = {gpu_hours:,.0f} GPU-hours = {days_on_2048:.1f} days on 2,048 GPUs")
assert 11 < days_on_2048 < 13
