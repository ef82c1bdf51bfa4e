"""Learning-rate theory on a noisy quadratic: stability limit 2/h, noise floor proportional to the step, decay beats it."""
import numpy as np

rng = np.random.default_rng(15)
h, sigma = 2.0, 1.0                         # curvature and gradient-noise std of f(w) = 0.5 h w^2


def run(schedule, steps=20_000, chains=2_000, w0=5.0):
    w = np.full(chains, w0)
    for t in range(steps):
        g = h * w + sigma * rng.normal(size=chains)
        w = w - schedule(t) * g
    return w


# 1) stability: deterministic GD on the quadratic multiplies w by (1 - eta h); diverges iff eta > 2/h
for eta, should_converge in [(0.9, True), (0.99, True), (1.01, False)]:
    w = 5.0
    for _ in range(2000):
        w -= eta * h * w
    assert (abs(w) < 1e-3) == should_converge

# 2) constant step: SGD settles into a noise ball with Var = eta sigma^2 / (h (2 - eta h))
for eta in (0.1, 0.01):
    w = run(lambda t: eta, steps=3000)
    theory = eta * sigma**2 / (h * (2 - eta * h))
    print(f"constant eta={eta}: E[w^2]={np.mean(w**2):.5f}, theory {theory:.5f}")
    assert abs(np.mean(w ** 2) / theory - 1) < 0.1

# 3) decaying step eta_t = 1 / (h (t + t0)): w_T is a running average, so the noise averages out.
#    Exactly: E[w_T^2] = ((t0 - 1)^2 w0^2 + T sigma^2 / h^2) / (T + t0 - 1)^2  ~  sigma^2 / (h^2 T)
t0, T, w0 = 10, 20_000, 5.0
w = run(lambda t: 1.0 / (h * (t + t0)), steps=T, w0=w0)
exact = ((t0 - 1) ** 2 * w0 ** 2 + T * sigma**2 / h**2) / (T + t0 - 1) ** 2
print(f"eta_t = 1/(h(t+t0)) after {T} steps: E[w^2]={np.mean(w**2):.2e}, exact {exact:.2e}, "
      f"noise-only sigma^2/(h^2 T)={sigma**2 / (h**2 * T):.2e}")
assert abs(np.mean(w ** 2) / exact - 1) < 0.1
assert np.mean(w ** 2) < 0.01 * (0.01 * sigma**2 / (h * (2 - 0.01 * h)))   # far below the eta=0.01 floor
print("ok")
