"""Linear warmup + cosine decay as a PyTorch LambdaLR, checked against its closed form, and
global-norm gradient clipping written by hand, checked against clip_grad_norm_, plus a run
where one corrupted batch derails training unless gradients are clipped."""
import math

import torch
import torch.nn as nn

torch.manual_seed(0)


def warmup_cosine(step, warmup, total, peak, floor):
    """LR used for optimizer step `step` (0-based)."""
    if step < warmup:
        return peak * (step + 1) / warmup                     # never 0 at step 0
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + 0.5 * (peak - floor) * (1 + math.cos(math.pi * progress))


W, S, PEAK, FLOOR = 10, 100, 3e-3, 3e-4
model = nn.Linear(4, 1)
opt = torch.optim.AdamW(model.parameters(), lr=PEAK)
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: warmup_cosine(s, W, S, PEAK, FLOOR) / PEAK)   # LambdaLR multiplies base lr
lrs = []
for step in range(S + 20):
    lrs.append(opt.param_groups[0]["lr"])                      # the lr this step will use
    opt.step()                                                 # (no grads: a no-op step)
    sched.step()                                               # AFTER optimizer.step()

assert math.isclose(lrs[0], PEAK / W) and math.isclose(lrs[W - 1], PEAK)
assert all(b > a for a, b in zip(lrs[:W], lrs[1:W]))           # warmup rises
assert all(b <= a + 1e-15 for a, b in zip(lrs[W - 1:S], lrs[W:S]))   # decay never rises
mid = W + (S - W) // 2
assert math.isclose(lrs[mid], (PEAK + FLOOR) / 2)              # cosine midpoint
assert all(math.isclose(l, FLOOR) for l in lrs[S:])            # flat at the floor afterwards
print("lr at steps 0, 9, 10, 55, 100:", [f"{lrs[i]:.2e}" for i in (0, 9, 10, 55, 100)])


# ---- gradient clipping by global norm, by hand ----
def clip_by_global_norm(params, max_norm, eps=1e-6):
    grads = [p.grad for p in params if p.grad is not None]
    total = torch.sqrt(sum((g.detach() ** 2).sum() for g in grads))
    coef = max_norm / (total + eps)
    if coef < 1:
        for g in grads:
            g.mul_(coef)                                       # same factor for every tensor
    return total


net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
x, y = torch.randn(32, 8), torch.randn(32, 1) * 50
nn.functional.mse_loss(net(x), y).backward()
before = [p.grad.clone() for p in net.parameters()]
net2 = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
net2.load_state_dict(net.state_dict())
for p, g in zip(net2.parameters(), before):
    p.grad = g.clone()
n_mine = clip_by_global_norm(list(net.parameters()), 1.0)
n_torch = torch.nn.utils.clip_grad_norm_(net2.parameters(), 1.0)   # returns the PRE-clip norm
assert torch.allclose(n_mine, n_torch)
assert all(torch.allclose(p.grad, q.grad, atol=1e-6) for p, q in zip(net.parameters(), net2.parameters()))
after_norm = torch.sqrt(sum((p.grad ** 2).sum() for p in net.parameters()))
assert math.isclose(after_norm.item(), 1.0, rel_tol=1e-4) and n_mine > 1
flat_b, flat_a = torch.cat([g.flatten() for g in before]), torch.cat([p.grad.flatten() for p in net.parameters()])
assert torch.allclose(flat_a / flat_a.norm(), flat_b / flat_b.norm(), atol=1e-6)    # direction kept
# clip by value, by contrast, changes the direction
vals = [g.clone() for g in before]
for v in vals:
    v.clamp_(-0.1, 0.1)
flat_v = torch.cat([v.flatten() for v in vals])
cos_v = torch.dot(flat_v, flat_b) / (flat_v.norm() * flat_b.norm())
print(f"pre-clip norm {n_mine.item():.1f}; cosine(value-clipped, original) = {cos_v.item():.3f}")
assert cos_v < 0.99


# ---- one corrupted batch: SGD with and without clipping ----
def train(clip):
    torch.manual_seed(1)
    w_true = torch.randn(8, 1)
    xt = torch.randn(256, 8)
    m = nn.Linear(8, 1)
    o = torch.optim.SGD(m.parameters(), lr=0.05)
    test = lambda: nn.functional.mse_loss(m(xt), xt @ w_true).item()
    for step in range(200):
        xb = torch.randn(32, 8)
        yb = xb @ w_true
        if step == 100:
            yb = yb * 1000                                       # a corrupted batch
        o.zero_grad()
        nn.functional.mse_loss(m(xb), yb).backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        o.step()
        if step == 100:
            after_spike = test()
    return after_spike, test()


(spike_plain, end_plain), (spike_clip, end_clip) = train(False), train(True)
print(f"test MSE right after the bad batch: no clip {spike_plain:.3g}, clip {spike_clip:.3g}; "
      f"after 99 more steps: {end_plain:.3g} vs {end_clip:.3g}")
assert spike_plain > 1e3 and spike_clip < 1e-2 and end_clip < end_plain
