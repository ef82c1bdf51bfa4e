"""Cross-entropy from logits in PyTorch, matching F.cross_entropy with ignore_index, class
weights and label smoothing; the naive softmax->log failure; low-precision logits; and a
vocabulary-chunked (online logsumexp) version that never holds a full softmax."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)


def cross_entropy(logits, target, weight=None, ignore_index=-100, label_smoothing=0.0):
    """Mean reduction with PyTorch's semantics. logits (N, K), target (N,) int."""
    z = logits.float()                                          # upcast: bf16/fp16 in, fp32 math
    m = z.amax(dim=1, keepdim=True)
    logp = z - m - torch.log(torch.exp(z - m).sum(dim=1, keepdim=True))   # log-softmax
    valid = target != ignore_index
    t = torch.where(valid, target, torch.zeros_like(target))    # any safe index for ignored rows
    nll = -logp.gather(1, t[:, None]).squeeze(1)
    if weight is not None:
        w = weight[t] * valid
        return (w * nll).sum() / w.sum()                        # weighted mean: divide by sum(w)
    smooth = -logp.mean(dim=1)                                  # cross-entropy with uniform target
    per_row = (1 - label_smoothing) * nll + label_smoothing * smooth
    return (per_row * valid).sum() / valid.sum()


N, K = 64, 10
logits = torch.randn(N, K) * 3
target = torch.randint(0, K, (N,))
target[::7] = -100                                              # some padding positions
weight = torch.rand(K) + 0.5

assert torch.allclose(cross_entropy(logits, target), F.cross_entropy(logits, target), atol=1e-6)
assert torch.allclose(cross_entropy(logits, target, weight=weight),
                      F.cross_entropy(logits, target, weight=weight), atol=1e-6)
assert torch.allclose(cross_entropy(logits, target, label_smoothing=0.1),
                      F.cross_entropy(logits, target, label_smoothing=0.1), atol=1e-6)

# Gradient w.r.t. logits is (softmax - smoothed one-hot) / n_valid, and 0 on ignored rows.
z = logits.clone().requires_grad_()
cross_entropy(z, target, label_smoothing=0.1).backward()
valid = target != -100
q = torch.full((N, K), 0.1 / K)
q[valid, target[valid]] += 0.9
expected = (torch.softmax(logits, 1) - q) * valid[:, None] / valid.sum()
assert torch.allclose(z.grad, expected, atol=1e-6)
assert torch.all(z.grad[~valid] == 0)

# The naive softmax -> log: a confident wrong prediction gives inf (and NaN gradients).
extreme = torch.tensor([[0.0, 200.0]])                          # true class 0 is 200 nats behind
naive = -torch.log(torch.softmax(extreme, 1))[0, 0]
stable = cross_entropy(extreme, torch.tensor([0]))
print(f"naive loss {naive.item()}, stable loss {stable.item():.1f}")
assert torch.isinf(naive) and torch.isclose(stable, torch.tensor(200.0))

# Low-precision logits: doing the whole computation in bf16 loses ~2-3 significant digits;
# upcasting to fp32 inside the loss recovers the fp32 answer from the same bf16 logits.
big = torch.randn(N, 32000) * 4                                  # LLM-sized vocabulary
tgt = torch.randint(0, 32000, (N,))
ref = F.cross_entropy(big.bfloat16().float(), tgt)              # exact loss of the bf16 logits
in_bf16 = F.cross_entropy(big.bfloat16(), tgt).float()          # computed in bf16 end to end
ours = cross_entropy(big.bfloat16(), tgt)
err_bf16, err_ours = (in_bf16 - ref).abs().item(), (ours - ref).abs().item()
print(f"bf16-internal error {err_bf16:.2e}, upcast error {err_ours:.2e}")
assert err_ours < 1e-4 and err_bf16 > 10 * err_ours


# Vocabulary-chunked loss: an online logsumexp over chunks of the vocabulary.
def chunked_cross_entropy(h, W, target, chunk=4096):
    """Loss of logits h @ W.T without materializing all (N, V) logits at once."""
    run_max = torch.full((h.shape[0],), -float("inf"))
    run_sum = torch.zeros(h.shape[0])
    tgt_logit = torch.zeros(h.shape[0])
    for s in range(0, W.shape[0], chunk):
        zc = h @ W[s:s + chunk].T                                # (N, chunk)
        new_max = torch.maximum(run_max, zc.amax(1))
        run_sum = run_sum * torch.exp(run_max - new_max) + torch.exp(zc - new_max[:, None]).sum(1)
        run_max = new_max
        in_chunk = (target >= s) & (target < s + chunk)
        idx = (target - s).clamp(0, zc.shape[1] - 1)
        tgt_logit = torch.where(in_chunk, zc.gather(1, idx[:, None]).squeeze(1), tgt_logit)
    return (run_max + torch.log(run_sum) - tgt_logit).mean()


h, Wv = torch.randn(N, 64), torch.randn(32000, 64) * 0.3
full = F.cross_entropy(h @ Wv.T, tgt)
chunked = chunked_cross_entropy(h, Wv, tgt)
print(f"full {full.item():.5f} vs chunked {chunked.item():.5f}")
assert torch.allclose(full, chunked, atol=1e-4)
