import itertools
import numpy as np

EOS = 0


def beam_search(next_logprobs, bos, beam_width, max_len, alpha=0.0):
    """next_logprobs(prefix) -> array of log-probabilities over the vocabulary.

    Returns (tokens, normalized score) of the best finished hypothesis. A hypothesis finishes
    when it emits EOS or reaches max_len tokens. Score = sum log p / len**alpha.
    """
    norm = lambda lp, n: lp / (n ** alpha)
    beams = [(0.0, [])]                          # (sum of log-probs, generated tokens)
    finished = []
    for step in range(max_len):
        cand = []
        for lp, toks in beams:
            logp = next_logprobs([bos] + toks)
            for tok, l in enumerate(logp):
                cand.append((lp + l, toks + [tok]))
        cand.sort(key=lambda c: -c[0])           # rank by raw log-probability
        beams = []
        for lp, toks in cand:
            if toks[-1] == EOS or len(toks) == max_len:
                finished.append((norm(lp, len(toks)), lp, toks))
            else:
                beams.append((lp, toks))
            if len(beams) == beam_width:
                break
        # Early stop (alpha = 0): log-probs only decrease, so alive beams cannot beat the best finished.
        if not beams or (alpha == 0 and finished and max(f[0] for f in finished) >= beams[0][0]):
            break
    best = max(finished, key=lambda f: f[0])
    return best[2], best[0]


def brute_force(next_logprobs, bos, vocab, max_len, alpha=0.0):
    best = (-np.inf, None)
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(vocab), repeat=n):
            if EOS in seq[:-1] or (n < max_len and seq[-1] != EOS):
                continue                         # EOS only at the end; shorter ones must end in EOS
            lp = sum(next_logprobs([bos] + list(seq[:i]))[seq[i]] for i in range(n))
            s = lp / (n ** alpha)
            if s > best[0]:
                best = (s, list(seq))
    return best[1], best[0]


# 1. Greedy (width 1) is myopic; width 2 finds the better sequence.
def toy(prefix):
    last = prefix[-1]
    table = {3: [0.01, 0.59, 0.4],               # after BOS: token 1 looks better
             1: [0.34, 0.33, 0.33],              # ...but after 1 everything is uncertain
             2: [0.9, 0.05, 0.05]}               # after 2, EOS is nearly certain
    return np.log(np.array(table[last]))
g, gs = beam_search(toy, bos=3, beam_width=1, max_len=2)
b, bs = beam_search(toy, bos=3, beam_width=2, max_len=2)
assert g == [1, 0] and np.isclose(np.exp(gs), 0.59 * 0.34)
assert b == [2, 0] and np.isclose(np.exp(bs), 0.4 * 0.9)

# 2. Random bigram "language model": wide enough beams are exact; beam never beats exhaustive search.
rng = np.random.default_rng(0)
V, L = 4, 4
for trial in range(30):
    logits = rng.normal(scale=2.0, size=(V + 1, V))
    table = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    model = lambda prefix: table[prefix[-1]]
    for alpha in (0.0, 0.7):
        opt_seq, opt = brute_force(model, V, V, L, alpha)
        seq_wide, s_wide = beam_search(model, V, beam_width=V ** L, max_len=L, alpha=alpha)
        assert np.isclose(s_wide, opt), (trial, alpha, s_wide, opt)
        for k in (1, 2, 3):
            _, s_k = beam_search(model, V, beam_width=k, max_len=L, alpha=alpha)
            assert s_k <= opt + 1e-12

# 3. Length normalization counters the bias towards short outputs.
def short_bias(prefix):
    if len(prefix) == 1:
        return np.log([0.4, 0.6])                # stopping at once has p = 0.4
    return np.log([0.6, 0.4])
s0, _ = beam_search(short_bias, bos=1, beam_width=2, max_len=3, alpha=0.0)
s1, _ = beam_search(short_bias, bos=1, beam_width=2, max_len=3, alpha=1.0)
assert s0 == [0] and s1 == [1, 0]                 # 0.4 beats 0.6*0.6 = 0.36 only without normalization
print("greedy", g, "beam", b)
