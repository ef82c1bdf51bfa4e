"""Linear probes and control tasks (Hewitt and Liang, 2019) on synthetic token representations.

200 word types, each with a 'part-of-speech' label (5 classes). Tokens are occurrences of types, and
a token's representation is its type vector plus context noise. A control task gives every word
type a random label with the same class frequencies: it can be solved only by memorising types.
Selectivity = accuracy on the real task - accuracy on the control task."""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings("ignore", category=ConvergenceWarning)
rng = np.random.default_rng(0)
n_types, n_classes, dim, n_tokens = 200, 5, 32, 3000
pos = rng.integers(0, n_classes, n_types)                  # the property we probe for
control = rng.permutation(pos)                             # random label per type, same class frequencies
tok_type = rng.integers(0, n_types, n_tokens)
train, test = np.arange(n_tokens) < 2000, np.arange(n_tokens) >= 2000   # same types, different tokens

# Representation A encodes the property linearly (plus type identity); B is random per type
class_dirs = rng.normal(size=(n_classes, dim))
type_vec_A = 1.5 * class_dirs[pos] + rng.normal(size=(n_types, dim))
type_vec_B = rng.normal(size=(n_types, dim)) * np.sqrt(1 + 1.5 ** 2)    # same scale, no structure
reps = {name: tv[tok_type] + 0.5 * rng.normal(size=(n_tokens, dim))
        for name, tv in (("A (encodes POS)", type_vec_A), ("B (random per type)", type_vec_B))}

probes = {
    "linear": lambda: LogisticRegression(C=0.1, max_iter=3000),
    "MLP (256)": lambda: MLPClassifier(hidden_layer_sizes=(256,), solver="lbfgs", max_iter=400, random_state=0),
}
results = {}
for rname, X in reps.items():
    for pname, make in probes.items():
        accs = []
        for labels in (pos, control):
            y = labels[tok_type]
            accs.append(make().fit(X[train], y[train]).score(X[test], y[test]))
        results[rname, pname] = accs
        print(f"rep {rname:20s} probe {pname:12s} task {accs[0]:.3f}  control {accs[1]:.3f}  "
              f"selectivity {accs[0] - accs[1]:+.3f}")

majority = np.bincount(pos[tok_type][test]).max() / test.sum()
print(f"majority-class baseline {majority:.3f}")
lin_A, mlp_A = results["A (encodes POS)", "linear"], results["A (encodes POS)", "MLP (256)"]
lin_B, mlp_B = results["B (random per type)", "linear"], results["B (random per type)", "MLP (256)"]
assert mlp_B[0] > 0.9                       # an expressive probe 'finds POS' in a random representation...
assert abs(mlp_B[0] - mlp_B[1]) < 0.05      # ...but does just as well on random labels: selectivity ~ 0
assert lin_A[0] > 0.9 and lin_A[0] - lin_A[1] > 0.3     # linear probe on A: accurate AND selective
assert (lin_A[0] - lin_A[1]) > (mlp_A[0] - mlp_A[1])     # the simpler probe is the more selective one
print("ok")
