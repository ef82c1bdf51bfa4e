"""SFT loss masking: train only on assistant tokens, and token- vs sequence-level averaging."""
import numpy as np

rng = np.random.default_rng(7)
IGNORE = -100  # label value excluded from the loss (the Hugging Face convention)
V = 32


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def build_example(prompt_ids, response_ids):
    """Input = prompt + response; labels copy the response and mask the prompt.
    Labels are shifted inside the loss: position t predicts token t+1."""
    input_ids = np.array(prompt_ids + response_ids)
    labels = np.array([IGNORE] * len(prompt_ids) + response_ids)
    return input_ids, labels


def masked_ce(logits, labels, per_sequence=False):
    """logits: (B, T, V); labels: (B, T). Predict labels[:, 1:] from logits[:, :-1]."""
    lp = log_softmax(logits[:, :-1])
    tgt = labels[:, 1:]
    mask = tgt != IGNORE
    picked = np.take_along_axis(lp, np.where(mask, tgt, 0)[..., None], axis=-1)[..., 0]
    nll = -picked * mask
    if per_sequence:  # average within each sequence, then across sequences
        return float(np.mean(nll.sum(1) / mask.sum(1)))
    return float(nll.sum() / mask.sum())  # average over all supervised tokens


# Two chat examples: a long prompt with a short answer, and a short prompt with a long answer
ex = [build_example([1, 2, 3, 4, 5, 6, 7, 8], [20, 21]),
      build_example([1, 2], [22, 23, 24, 25, 26, 27, 28, 29])]
T = max(len(i) for i, _ in ex)
inputs = np.zeros((2, T), dtype=int)
labels = np.full((2, T), IGNORE)
for b, (i, l) in enumerate(ex):
    inputs[b, : len(i)] = i
    labels[b, : len(l)] = l  # right padding is masked too

logits = rng.normal(size=(2, T, V))
loss = masked_ce(logits, labels)

# Reference: loop over positions by hand, keeping only response tokens
lp = log_softmax(logits)
terms = []
for b in range(2):
    for t in range(T - 1):
        if labels[b, t + 1] != IGNORE:
            terms.append(-lp[b, t, labels[b, t + 1]])
assert np.isclose(loss, np.mean(terms))
# Only the response tokens count: 2 + 8 = 10 supervised positions, prompts contribute nothing
assert len(terms) == 10

# Changing the logits at prompt positions that predict prompt tokens leaves the loss unchanged
logits2 = logits.copy()
logits2[0, :6] += rng.normal(size=(6, V)) * 10
assert np.isclose(masked_ce(logits2, labels), loss)

# Token-level and sequence-level averaging weight examples differently
seq_loss = masked_ce(logits, labels, per_sequence=True)
print(f"token-averaged {loss:.4f} vs sequence-averaged {seq_loss:.4f}")
assert not np.isclose(seq_loss, loss)
