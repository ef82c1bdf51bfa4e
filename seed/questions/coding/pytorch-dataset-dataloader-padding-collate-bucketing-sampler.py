"""Variable-length sequences in PyTorch: a Dataset, a padding collate_fn with an attention
mask, and a bucketing batch sampler that cuts padding while keeping batches shuffled."""
import random

import torch
from torch.utils.data import DataLoader, Dataset, Sampler

PAD = 0
torch.manual_seed(0)
rng = random.Random(0)


class SeqDataset(Dataset):
    def __init__(self, n):
        self.lengths = [rng.randint(1, 64) for _ in range(n)]
        self.seqs = [torch.randint(1, 1000, (L,)) for L in self.lengths]   # ids >= 1; 0 is PAD
        self.labels = [int(s.float().mean() > 500) for s in self.seqs]

    def __len__(self):
        return len(self.seqs)

    def __getitem__(self, i):
        return {"ids": self.seqs[i], "label": self.labels[i], "idx": i}


def pad_collate(batch):
    lengths = torch.tensor([len(b["ids"]) for b in batch])
    ids = torch.full((len(batch), int(lengths.max())), PAD, dtype=torch.long)
    for row, b in enumerate(batch):
        ids[row, : len(b["ids"])] = b["ids"]
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]       # True = real token
    return {"ids": ids, "mask": mask, "lengths": lengths,
            "labels": torch.tensor([b["label"] for b in batch]),
            "idx": torch.tensor([b["idx"] for b in batch])}


class BucketBatchSampler(Sampler):
    """Shuffle, cut into pools of batch_size * pool_batches, sort each pool by length,
    split into batches, shuffle the batch order. Deterministic per (seed, epoch)."""

    def __init__(self, lengths, batch_size, pool_batches=50, drop_last=False, seed=0):
        self.lengths, self.bs, self.pool = lengths, batch_size, batch_size * pool_batches
        self.drop_last, self.seed, self.epoch = drop_last, seed, 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def _batches(self):
        g = random.Random(self.seed * 1_000_003 + self.epoch)
        idx = list(range(len(self.lengths)))
        g.shuffle(idx)
        batches = []
        for s in range(0, len(idx), self.pool):
            pool = sorted(idx[s : s + self.pool], key=lambda i: self.lengths[i])
            batches += [pool[j : j + self.bs] for j in range(0, len(pool), self.bs)]
        if self.drop_last:
            batches = [b for b in batches if len(b) == self.bs]
        g.shuffle(batches)                                   # no long-to-short curriculum
        return batches

    def __iter__(self):
        return iter(self._batches())

    def __len__(self):
        return len(self._batches())


def padding_fraction(loader):
    real = total = 0
    for b in loader:
        real += int(b["mask"].sum())
        total += b["mask"].numel()
    return 1 - real / total


ds = SeqDataset(2000)
# --- collate: shapes, mask and contents are right ---
batch = pad_collate([ds[0], ds[1], ds[2]])
assert batch["ids"].shape == (3, max(ds.lengths[:3]))
for r in range(3):
    L = ds.lengths[r]
    assert torch.equal(batch["ids"][r, :L], ds.seqs[r]) and batch["mask"][r].sum() == L
    assert torch.all(batch["ids"][r, L:] == PAD)

# --- masked mean pooling is invariant to how much padding a batch has ---
emb = torch.nn.Embedding(1000, 8, padding_idx=PAD)
def pooled(b):
    e = emb(b["ids"]) * b["mask"][..., None]
    return e.sum(1) / b["lengths"][:, None]
alone = pooled(pad_collate([ds[0]]))
with_long = pooled(pad_collate([ds[0], max((ds[i] for i in range(50)), key=lambda d: len(d["ids"]))]))
assert torch.allclose(alone[0], with_long[0], atol=1e-6)

# --- random batches vs bucketed batches ---
random_loader = DataLoader(ds, batch_size=32, shuffle=True, collate_fn=pad_collate,
                           generator=torch.Generator().manual_seed(0))
sampler = BucketBatchSampler(ds.lengths, batch_size=32, pool_batches=50)
bucket_loader = DataLoader(ds, batch_sampler=sampler, collate_fn=pad_collate)
pf_random, pf_bucket = padding_fraction(random_loader), padding_fraction(bucket_loader)
print(f"padding: random batches {pf_random:.1%}, bucketed {pf_bucket:.1%}")
assert pf_bucket < 0.1 and pf_random > 0.4

# --- every example exactly once per epoch; order changes across epochs, reproducible per epoch ---
orders = []
for epoch in range(2):
    sampler.set_epoch(epoch)
    seen = torch.cat([b["idx"] for b in bucket_loader]).tolist()
    assert sorted(seen) == list(range(len(ds)))
    orders.append(seen)
assert orders[0] != orders[1]
sampler.set_epoch(0)
assert torch.cat([b["idx"] for b in bucket_loader]).tolist() == orders[0]
# Batch order is shuffled: batch lengths do not run short-to-long through the epoch.
batch_max = [int(b["lengths"].max()) for b in bucket_loader]
assert batch_max != sorted(batch_max) and batch_max != sorted(batch_max, reverse=True)

sampler_dl = BucketBatchSampler(ds.lengths, batch_size=32, drop_last=True)
assert all(len(b) == 32 for b in sampler_dl) and len(sampler_dl) <= len(sampler)
print("batches per epoch:", len(sampler), "| with drop_last:", len(sampler_dl))
