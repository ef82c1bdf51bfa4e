"""Bias-variance decomposition of polynomial regression, measured by simulation."""
import numpy as np

rng = np.random.default_rng(0)
sigma, n_train, n_sets = 0.3, 30, 400
x = np.linspace(0, 1, n_train)  # fixed design: only the noise changes between training sets
x_test = np.linspace(0.05, 0.95, 50)
f = lambda x: np.sin(2 * np.pi * x)


def fit_predict(degree, x, y, x_new):
    # least-squares polynomial fit on a scaled basis (well conditioned)
    X = np.vander(2 * x - 1, degree + 1)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return np.vander(2 * x_new - 1, degree + 1) @ coef


results = {}
for degree in (1, 3, 10):
    preds = np.empty((n_sets, x_test.size))
    for r in range(n_sets):
        y = f(x) + rng.normal(0, sigma, n_train)
        preds[r] = fit_predict(degree, x, y, x_test)
    mean_pred = preds.mean(axis=0)
    bias2 = np.mean((mean_pred - f(x_test)) ** 2)
    var = np.mean(preds.var(axis=0))
    # test error against fresh noisy targets, one draw per training set
    y_new = f(x_test) + rng.normal(0, sigma, preds.shape)
    test_mse = np.mean((y_new - preds) ** 2)
    # error against the noiseless truth decomposes *exactly* into bias^2 + variance
    exact = np.mean((preds - f(x_test)) ** 2)
    assert np.isclose(exact, bias2 + var)
    results[degree] = (bias2, var, test_mse)
    print(f"degree {degree:2d}: bias^2={bias2:.4f} variance={var:.4f} "
          f"bias^2+var+sigma^2={bias2 + var + sigma**2:.4f} simulated test MSE={test_mse:.4f}")
    # with fresh noise the identity holds up to Monte Carlo error
    assert abs(test_mse - (bias2 + var + sigma**2)) < 0.05 * test_mse

b1, v1, e1 = results[1]
b3, v3, e3 = results[3]
b10, v10, e10 = results[10]
assert b1 > b3 > b10          # bias falls with flexibility
assert v1 < v3 < v10          # variance rises with flexibility
assert e3 < e1 and e3 < e10   # the middle complexity wins
print("ok")
