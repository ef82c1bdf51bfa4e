"""Perplexity from token log-probabilities, and why bits-per-byte is the fair cross-tokenizer metric."""
import numpy as np

rng = np.random.default_rng(0)


def perplexity(token_logprobs):
    """exp of the mean negative log-likelihood (natural log) per token."""
    return float(np.exp(-np.mean(token_logprobs)))


# 1) A model that is uniform over V tokens has perplexity exactly V (a "V-way guess")
V = 50_000
assert np.isclose(perplexity(np.full(100, -np.log(V))), V)

# 2) Perplexity is the inverse geometric mean of the probabilities of the true tokens
p_true = rng.uniform(0.05, 0.9, size=1000)
assert np.isclose(perplexity(np.log(p_true)), 1 / np.exp(np.mean(np.log(p_true))))

# 3) Computing it from a model's logits: log-softmax, pick the target, average
T = 64
logits = rng.normal(size=(T, 100)) * 3
targets = rng.integers(0, 100, size=T)
m = logits.max(axis=1, keepdims=True)
log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
ppl = perplexity(log_probs[np.arange(T), targets])
assert ppl > 1

# 4) Same text, two tokenizers. Suppose both models assign the whole 1,000-byte document the
#    same total probability (identical compression). Tokenizer A uses 250 tokens, B uses 400.
total_nll_nats = 600.0
n_bytes = 1000
ppl_A = np.exp(total_nll_nats / 250)
ppl_B = np.exp(total_nll_nats / 400)
bpb = total_nll_nats / n_bytes / np.log(2)  # identical for both: it only depends on the total
print(f"PPL with coarse tokenizer {ppl_A:.2f}, fine tokenizer {ppl_B:.2f}, bits/byte {bpb:.3f}")
assert ppl_A > ppl_B  # same model quality, different perplexity
# Converting between the two: log PPL_A * tokens_A == log PPL_B * tokens_B
assert np.isclose(np.log(ppl_A) * 250, np.log(ppl_B) * 400)

# 5) A mean hides the tail: 95% easy tokens (p=0.9) + 5% impossible ones (p=1e-4)
lp = np.log(np.r_[np.full(95, 0.9), np.full(5, 1e-4)])
share_of_loss_from_hard = -lp[95:].sum() / -lp.sum()
print(f"5% of tokens carry {share_of_loss_from_hard:.0%} of the loss; PPL={perplexity(lp):.2f}")
assert share_of_loss_from_hard > 0.8
