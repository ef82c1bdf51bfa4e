"""CTC loss by dynamic programming, checked against brute-force path enumeration and
torch.nn.CTCLoss (values and gradients); greedy CTC decoding; WER by edit distance."""
import itertools

import numpy as np
import torch

torch.manual_seed(0)
BLANK = 0


def collapse(path):
    """CTC's many-to-one map B: merge repeats, then drop blanks."""
    out, prev = [], None
    for s in path:
        if s != prev and s != BLANK:
            out.append(s)
        prev = s
    return out


def ctc_nll(log_probs, target):
    """-log p(target | x) by the CTC forward (alpha) recursion in log space.
    log_probs: (T, V) log-softmax outputs; target: list of label ids (no blanks)."""
    T = log_probs.shape[0]
    ext = [BLANK]
    for c in target:
        ext += [c, BLANK]                             # blank-interleaved target, length 2L+1
    S = len(ext)
    neg_inf = torch.tensor(float("-inf"))
    alpha = [neg_inf] * S
    alpha[0] = log_probs[0, BLANK]
    if S > 1:
        alpha[1] = log_probs[0, ext[1]]
    for t in range(1, T):
        new = []
        for s in range(S):
            terms = [alpha[s]]                                        # stay
            if s >= 1:
                terms.append(alpha[s - 1])                            # advance by one
            if s >= 2 and ext[s] != BLANK and ext[s] != ext[s - 2]:
                terms.append(alpha[s - 2])                            # skip a blank between different labels
            terms = [x for x in terms if torch.isfinite(x)]         # unreachable states stay -inf
            new.append(torch.logsumexp(torch.stack(terms), 0) + log_probs[t, ext[s]]
                       if terms else neg_inf)
        alpha = new
    end = [x for x in (alpha[-1], alpha[-2] if S > 1 else neg_inf) if torch.isfinite(x)]
    if not end:                                       # target longer than the input allows
        return -neg_inf
    return -torch.logsumexp(torch.stack(end), 0)      # may end on the last label or final blank


T, V = 6, 4                                           # 6 frames, blank + 3 symbols
logits = torch.randn(T, V, requires_grad=True)
log_probs = logits.log_softmax(-1)
target = [1, 2, 2]                                    # repeated label needs a blank in between

# 1) brute force: sum the probability of every length-T path that collapses to the target
brute = 0.0
lp = log_probs.detach().numpy()
for path in itertools.product(range(V), repeat=T):
    if collapse(path) == target:
        brute += np.exp(sum(lp[t, s] for t, s in enumerate(path)))
ours = ctc_nll(log_probs, target)
print(f"-log p: DP {ours.item():.6f}, brute force over {V**T} paths {-np.log(brute):.6f}")
assert np.isclose(ours.item(), -np.log(brute), atol=1e-5)

# 2) agreement with torch.nn.CTCLoss, including gradients with respect to the logits
ref = torch.nn.CTCLoss(blank=BLANK, reduction="sum")(
    log_probs.unsqueeze(1), torch.tensor([target]), torch.tensor([T]), torch.tensor([len(target)]))
g_ours, = torch.autograd.grad(ours, logits, retain_graph=True)
g_ref, = torch.autograd.grad(ref, logits)
print(f"torch.nn.CTCLoss {ref.item():.6f}")
assert torch.allclose(ours, ref, atol=1e-5) and torch.allclose(g_ours, g_ref, atol=1e-5)

# 3) feasibility: 'a b b' needs at least L + (#repeats) = 4 frames; 3 frames give p = 0
short = torch.randn(3, V).log_softmax(-1)
assert torch.isinf(ctc_nll(short, target))
assert torch.isfinite(ctc_nll(torch.randn(4, V).log_softmax(-1), target))

# 4) greedy decoding: argmax per frame, then collapse
frames = [0, 1, 1, 0, 2, 2, 0, 2, 0]                  # "_ a a _ b b _ b _"
assert collapse(frames) == [1, 2, 2]
assert collapse([1, 2, 2, 2]) == [1, 2]               # without a blank the repeat is merged


def wer(ref_words, hyp_words):
    """Word error rate = (S + D + I) / N via Levenshtein distance; returns (wer, S, D, I)."""
    R, H = len(ref_words), len(hyp_words)
    d = np.zeros((R + 1, H + 1), int)
    d[:, 0], d[0, :] = np.arange(R + 1), np.arange(H + 1)
    for i in range(1, R + 1):
        for j in range(1, H + 1):
            sub = d[i - 1, j - 1] + (ref_words[i - 1] != hyp_words[j - 1])
            d[i, j] = min(sub, d[i - 1, j] + 1, d[i, j - 1] + 1)
    i, j, S, D, I = R, H, 0, 0, 0                     # backtrace to count error types
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i, j] == d[i - 1, j - 1] + (ref_words[i - 1] != hyp_words[j - 1]):
            S += ref_words[i - 1] != hyp_words[j - 1]; i, j = i - 1, j - 1
        elif i > 0 and d[i, j] == d[i - 1, j] + 1:
            D += 1; i -= 1
        else:
            I += 1; j -= 1
    return d[R, H] / R, S, D, I


r = "turn the kitchen lights off".split()
h = "turn the chicken light off please".split()
w, S, D, I = wer(r, h)
print(f"WER {w:.2f} (S={S}, D={D}, I={I}, N={len(r)})")
assert (S, D, I) == (2, 0, 1) and np.isclose(w, 3 / 5)
w2, *_ = wer("yes".split(), "yes yes yes".split())
assert np.isclose(w2, 2.0)                            # insertions can push WER above 100%
print("ok")
