"""Layered jailbreak defences in numpy: refusal training + input classifier + output classifier.

Scores are simulated with a Gaussian copula so we can vary how correlated the layers' failures are.
An attack succeeds only if the model complies AND both classifiers miss it; a benign request is
over-refused if ANY layer blocks it. Thresholds are set on a benign calibration set."""
import numpy as np

rng = np.random.default_rng(0)
n = 400_000


def correlated_normals(rho, n, k=3):
    cov = np.full((k, k), rho) + (1 - rho) * np.eye(k)
    return rng.multivariate_normal(np.zeros(k), cov, size=n)


def layers(rho_attack):
    # column 0: model compliance score, 1: input classifier score, 2: output classifier score
    # an attack that is stealthy to one layer tends to be stealthy to the others: rho_attack
    attack = correlated_normals(rho_attack, n) + np.array([-0.5, 3.5, 3.5])
    benign = correlated_normals(0.3, n) + np.array([-3.0, 0.0, 0.0])
    borderline = correlated_normals(0.3, n) + np.array([-2.0, 1.2, 1.0])           # 'how do I kill a Python process'
    return attack, benign, borderline


def evaluate(rho_attack, fpr_each=0.005):
    attack, benign, borderline = layers(rho_attack)
    t_in = np.quantile(benign[:, 1], 1 - fpr_each)          # each classifier blocks 0.5% of benign traffic
    t_out = np.quantile(benign[:, 2], 1 - fpr_each)
    complies = attack[:, 0] < 0.0                            # refusal training: the model refuses if score >= 0
    miss_in, miss_out = attack[:, 1] < t_in, attack[:, 2] < t_out
    asr_model = complies.mean()
    asr_system = (complies & miss_in & miss_out).mean()
    asr_indep = complies.mean() * miss_in.mean() * miss_out.mean()
    refuse = lambda x: (x[:, 0] >= 0) | (x[:, 1] >= t_in) | (x[:, 2] >= t_out)
    return asr_model, miss_in.mean(), miss_out.mean(), asr_system, asr_indep, refuse(benign).mean(), refuse(borderline).mean()


res = {}
for rho in (0.0, 0.8):
    r = res[rho] = evaluate(rho)
    print(f"attack-score correlation {rho}: model alone ASR {r[0]:.3f}; classifier miss rates {r[1]:.3f}, {r[2]:.3f}; "
          f"system ASR {r[3]:.4f} (independence predicts {r[4]:.4f}); over-refusal: benign {r[5]:.4f}, borderline {r[6]:.3f}")

r0, r8 = res[0.0], res[0.8]
assert np.isclose(r0[3], r0[4], rtol=0.1)           # independent layers: failure probabilities multiply
assert r8[3] > 3 * r8[4]                             # correlated layers: the product is far too optimistic
assert r8[3] < r8[0] / 5                             # defence in depth still cuts ASR a lot
assert r0[5] < 0.012 and r8[6] > 10 * r8[5]          # ~1% over-refusal on ordinary traffic, far more on borderline

# Threshold sweep: the safety/over-refusal frontier of the input classifier alone
attack, benign, borderline = layers(0.8)
for fpr in (0.001, 0.005, 0.02, 0.05):
    t = np.quantile(benign[:, 1], 1 - fpr)
    print(f"input classifier at benign FPR {fpr:.3f}: catches {(attack[:, 1] >= t).mean():.3f} of attacks, "
          f"refuses {(borderline[:, 1] >= t).mean():.3f} of borderline-benign requests")
catches = [(attack[:, 1] >= np.quantile(benign[:, 1], 1 - f)).mean() for f in (0.001, 0.005, 0.02, 0.05)]
assert all(np.diff(catches) > 0)
print("ok")
