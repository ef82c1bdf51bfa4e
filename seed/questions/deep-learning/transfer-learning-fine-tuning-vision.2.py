"""Transfer learning mechanics on a tiny CNN, runnable on CPU with no downloads.

1. "Pre-train" a small conv net on a synthetic source task (which of 8 stroke patterns is in the image).
2. Transfer to a target task with only 5 labelled images per class (which PAIR of patterns is present):
   a. linear probe: frozen backbone, new head; backbone weights and BN buffers stay bit-identical;
   b. full fine-tuning with frozen BatchNorm statistics (running_mean unchanged, gamma/beta train)
      and discriminative learning rates via optimizer parameter groups;
   c. the same network trained from scratch on the same 20 images, as the baseline.
"""
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
SIZE, K = 14, 5                                   # image side, pattern side
PATTERNS = torch.randn(8, K, K).sign()            # 8 random +-1 stroke patterns


def make_images(pattern_ids, gen):
    """Each row of pattern_ids lists the patterns to paste at random positions, plus noise."""
    n = pattern_ids.shape[0]
    x = 0.9 * torch.randn(n, 1, SIZE, SIZE, generator=gen)
    for i in range(n):
        for p in pattern_ids[i]:
            r, c = torch.randint(0, SIZE - K + 1, (2,), generator=gen).tolist()
            x[i, 0, r:r + K, c:c + K] += PATTERNS[p]
    return x


def source_data(n, gen):                          # label = which single pattern
    y = torch.randint(0, 8, (n,), generator=gen)
    return make_images(y[:, None], gen), y


PAIRS = torch.tensor([[0, 1], [2, 3], [0, 2], [1, 3]])   # target classes: four pattern pairs; each
# pattern occurs in two classes, so a class is only identified by the conjunction


def target_data(n_per_class, gen):
    y = torch.arange(4).repeat_interleave(n_per_class)
    return make_images(PAIRS[y], gen), y


class Net(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),   # block 1
            nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),  # block 2
            nn.AdaptiveMaxPool2d(1), nn.Flatten())
        self.head = nn.Linear(32, n_classes)

    def forward(self, x):
        return self.head(self.backbone(x))


def freeze_bn_stats(model):
    """Use (and keep) the pre-trained running statistics; gamma/beta still get gradients."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()


def train(model, x, y, opt, steps, batch, gen, frozen_bn=False):
    for _ in range(steps):
        model.train()
        if frozen_bn:
            freeze_bn_stats(model)
        idx = torch.randint(0, len(x), (batch,), generator=gen)
        opt.zero_grad()
        F.cross_entropy(model(x[idx]), y[idx]).backward()
        opt.step()


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    return (model(x).argmax(1) == y).float().mean().item()


gen = torch.Generator().manual_seed(0)
# ---- 1. pre-training on the source task (plenty of data) -------------------------------
xs, ys = source_data(3000, gen)
pre = Net(8)
train(pre, xs, ys, torch.optim.Adam(pre.parameters(), lr=3e-3), steps=300, batch=64, gen=gen)
xs_test, ys_test = source_data(1000, gen)
src_acc = accuracy(pre, xs_test, ys_test)
print(f"source-task accuracy after pre-training: {src_acc:.3f}")

# ---- target task: 5 labelled images per class, a large test set ------------------------
xt, yt = target_data(5, gen)
xt_test, yt_test = target_data(250, gen)


def transferred():
    m = Net(4)
    m.backbone.load_state_dict(pre.backbone.state_dict())   # copy backbone, new random head
    return m


# ---- 2a. linear probe: backbone frozen (no grads) and in eval mode (no BN stat updates) --
probe = transferred()
before = copy.deepcopy(probe.backbone.state_dict())
for p in probe.backbone.parameters():
    p.requires_grad_(False)
opt = torch.optim.Adam(probe.head.parameters(), lr=1e-2)
for _ in range(200):
    probe.train()
    probe.backbone.eval()                # else BN would still update running_mean in train mode
    opt.zero_grad()
    F.cross_entropy(probe(xt), yt).backward()
    opt.step()
after = probe.backbone.state_dict()
assert all(torch.equal(before[k], after[k]) for k in before), "backbone changed during linear probe"
assert all(p.grad is None for p in probe.backbone.parameters())
probe_acc = accuracy(probe, xt_test, yt_test)

# ---- 2b. full fine-tuning: frozen BN statistics + discriminative learning rates --------
ft = transferred()
ft.head.load_state_dict(probe.head.state_dict())          # LP-FT: start from the trained head
bn1, bn2 = ft.backbone[1], ft.backbone[4]
mean0, var0 = bn2.running_mean.clone(), bn2.running_var.clone()
gamma0, conv0 = bn2.weight.detach().clone(), ft.backbone[0].weight.detach().clone()

base = 1e-2                                                # head LR; x0.3 per block toward input
groups = [
    {"params": ft.head.parameters(), "lr": base, "name": "head"},
    {"params": list(ft.backbone[3].parameters()) + list(bn2.parameters()), "lr": base * 0.3, "name": "block2"},
    {"params": list(ft.backbone[0].parameters()) + list(bn1.parameters()), "lr": base * 0.09, "name": "block1"},
]
opt = torch.optim.Adam(groups)
lrs = {g["name"]: g["lr"] for g in opt.param_groups}
assert lrs == {"head": 1e-2, "block2": 1e-2 * 0.3, "block1": 1e-2 * 0.09}, lrs
n_in_groups = sum(len(g["params"]) for g in opt.param_groups)
assert n_in_groups == len(list(ft.parameters())), "every parameter in exactly one group"

train(ft, xt, yt, opt, steps=150, batch=20, gen=gen, frozen_bn=True)
assert torch.equal(bn2.running_mean, mean0) and torch.equal(bn2.running_var, var0), "BN stats moved"
assert not torch.equal(bn2.weight, gamma0), "BN affine parameters should train"
assert not torch.equal(ft.backbone[0].weight, conv0), "block-1 conv should train (small LR)"
ft_acc = accuracy(ft, xt_test, yt_test)

# ---- 2c. baseline: same architecture, random init, same 20 images, same steps ------------
scratch = Net(4)
train(scratch, xt, yt, torch.optim.Adam(scratch.parameters(), lr=1e-2), steps=150, batch=20, gen=gen)
scratch_acc = accuracy(scratch, xt_test, yt_test)

print(f"target test accuracy (20 training images, chance 0.25): linear probe {probe_acc:.3f}, "
      f"fine-tuned {ft_acc:.3f}, from scratch {scratch_acc:.3f}")
assert src_acc > 0.85
assert probe_acc > scratch_acc + 0.15 and ft_acc > scratch_acc + 0.15, "transfer should clearly win"
