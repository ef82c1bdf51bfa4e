"""A tiny U-Net in PyTorch, soft Dice and IoU losses, Dice = 2 IoU / (1 + IoU), why pixel accuracy
misleads on small objects, and why a semantic mask cannot separate touching instances."""
from collections import deque

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)   # tiny convolutions run faster single-threaded
rng = np.random.default_rng(0)


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU())


class TinyUNet(nn.Module):
    """Two down-sampling steps; decoder concatenates the encoder features (skip connections)."""
    def __init__(self, c=8):
        super().__init__()
        self.e1, self.e2, self.mid = block(1, c), block(c, 2 * c), block(2 * c, 4 * c)
        self.up2, self.d2 = nn.ConvTranspose2d(4 * c, 2 * c, 2, stride=2), block(4 * c, 2 * c)
        self.up1, self.d1 = nn.ConvTranspose2d(2 * c, c, 2, stride=2), block(2 * c, c)
        self.head = nn.Conv2d(c, 1, 1)                    # one logit per pixel

    def forward(self, x):
        s1 = self.e1(x)                                   # H x W
        s2 = self.e2(F.max_pool2d(s1, 2))                 # H/2
        m = self.mid(F.max_pool2d(s2, 2))                 # H/4
        x = self.d2(torch.cat([self.up2(m), s2], dim=1))  # back to H/2, skip from s2
        x = self.d1(torch.cat([self.up1(x), s1], dim=1))  # back to H, skip from s1
        return self.head(x)


def soft_dice_loss(logits, target, eps=1.0):
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(1, 2, 3))
    return 1 - ((2 * inter + eps) / (p.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3)) + eps)).mean()


def soft_iou_loss(logits, target, eps=1.0):
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(1, 2, 3))
    union = (p + target - p * target).sum(dim=(1, 2, 3))
    return 1 - ((inter + eps) / (union + eps)).mean()


def hard_dice_iou(pred, target):
    inter = np.logical_and(pred, target).sum()
    return 2 * inter / (pred.sum() + target.sum()), inter / np.logical_or(pred, target).sum()


def make_batch(n, size=32):
    """Images with one small bright disc (about 3% of pixels) on noise."""
    yy, xx = np.mgrid[:size, :size]
    imgs, masks = [], []
    for _ in range(n):
        cy, cx, r = rng.integers(6, size - 6, 2).tolist() + [int(rng.integers(2, 4))]
        m = ((yy - cy) ** 2 + (xx - cx) ** 2 <= r * r).astype(np.float32)
        imgs.append(m * 1.0 + rng.normal(0, 0.35, (size, size)))
        masks.append(m)
    t = lambda a: torch.tensor(np.array(a), dtype=torch.float32).unsqueeze(1)
    return t(imgs), t(masks)


# 1) U-Net keeps the spatial size; skip connections double the decoder's input channels
net = TinyUNet()
x, y = make_batch(4)
assert net(x).shape == (4, 1, 32, 32)

# 2) Dice and IoU are monotone transforms of each other on hard masks
a = rng.random((32, 32)) < 0.3
b = rng.random((32, 32)) < 0.3
dice, iou = hard_dice_iou(a, b)
assert np.isclose(dice, 2 * iou / (1 + iou))
print(f"random masks: Dice {dice:.3f}, IoU {iou:.3f}, 2IoU/(1+IoU) {2 * iou / (1 + iou):.3f}")

# 3) On small objects pixel accuracy is useless: predicting 'all background'
_, yv = make_batch(64)
fg = yv.mean().item()
print(f"foreground fraction {fg:.3%}: all-background predictor has accuracy {1 - fg:.3%} and Dice 0")
assert 1 - fg > 0.95

# 4) Train with BCE + Dice for 150 steps
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(150):
    xb, yb = make_batch(16)
    logits = net(xb)
    loss = F.binary_cross_entropy_with_logits(logits, yb) + soft_dice_loss(logits, yb)
    opt.zero_grad(); loss.backward(); opt.step()
xv, yv = make_batch(64)
with torch.no_grad():
    lv = net(xv)
    pred = (torch.sigmoid(lv) > 0.5).numpy()
    dl, il = soft_dice_loss(lv, yv).item(), soft_iou_loss(lv, yv).item()
d, j = hard_dice_iou(pred, yv.numpy() > 0.5)
print(f"held-out Dice {d:.3f}, IoU {j:.3f}; soft Dice loss {dl:.3f} <= soft IoU loss {il:.3f}")
assert d > 0.8 and np.isclose(d, 2 * j / (1 + j))
assert dl <= il          # Dice >= IoU for the same overlap, so its loss is never larger

# 5) Semantic masks merge touching objects: connected components find one 'instance'
def components(mask):
    lab, n = np.zeros(mask.shape, int), 0
    for s in zip(*np.nonzero(mask)):
        if lab[s]:
            continue
        n += 1; lab[s] = n; q = deque([s])
        while q:
            i, k = q.popleft()
            for di, dk in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                u, v = i + di, k + dk
                if 0 <= u < mask.shape[0] and 0 <= v < mask.shape[1] and mask[u, v] and not lab[u, v]:
                    lab[u, v] = n; q.append((u, v))
    return n

yy, xx = np.mgrid[:32, :32]
disc = lambda cy, cx: (yy - cy) ** 2 + (xx - cx) ** 2 <= 16
apart, touching = disc(10, 8) | disc(10, 24), disc(10, 10) | disc(10, 17)
print("components: separated discs", components(apart), "| touching discs", components(touching))
assert components(apart) == 2 and components(touching) == 1
print("ok")
