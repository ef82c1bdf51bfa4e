"""Training loop with validation, early stopping and checkpoint/resume that is bit-identical
to an uninterrupted run (model, optimizer, scheduler, early-stopping counters, RNG states)."""
import os
import tempfile

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.randn(300, 8)
y = torch.sin(X[:, :1] * 2) + 0.5 * X[:, 1:2] + 0.3 * torch.randn(300, 1)   # noisy target
train_ds, val_ds = TensorDataset(X[:200], y[:200]), TensorDataset(X[200:], y[200:])


def build(seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(8, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 256),
                          nn.ReLU(), nn.Linear(256, 1))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
    gen = torch.Generator().manual_seed(1234)                    # owns the shuffle order
    loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=gen)
    state = {"epoch": 0, "best_val": float("inf"), "bad_epochs": 0, "history": []}
    return model, opt, sched, gen, loader, state


def validate(model):
    model.eval()
    with torch.no_grad():
        xv, yv = val_ds.tensors
        loss = nn.functional.mse_loss(model(xv), yv).item()
    model.train()
    return loss


def save(path, model, opt, sched, gen, state):
    ckpt = {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
            "state": state, "gen": gen.get_state(), "torch_rng": torch.get_rng_state()}
    tmp = path + ".tmp"
    torch.save(ckpt, tmp)
    os.replace(tmp, path)                                        # atomic replace


def fit(max_epochs, ckpt_dir, patience=5, min_delta=1e-4, stop_at=None, resume=False,
        restore_rng=True):
    model, opt, sched, gen, loader, state = build()
    last, best = os.path.join(ckpt_dir, "last.pt"), os.path.join(ckpt_dir, "best.pt")
    if resume:
        ck = torch.load(last)
        model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"]); state = ck["state"]
        if restore_rng:
            gen.set_state(ck["gen"]); torch.set_rng_state(ck["torch_rng"])
    while state["epoch"] < max_epochs:
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.mse_loss(model(xb), yb).backward()
            opt.step()
        sched.step()
        val = validate(model)
        state["epoch"] += 1
        state["history"].append(round(val, 6))
        if val < state["best_val"] - min_delta:                  # improvement
            state["best_val"], state["bad_epochs"] = val, 0
            torch.save(model.state_dict(), best)
        else:
            state["bad_epochs"] += 1
        save(last, model, opt, sched, gen, state)
        if state["bad_epochs"] >= patience:
            break                                                # early stop
        if stop_at is not None and state["epoch"] == stop_at:
            return None                                          # simulated crash / preemption
    model.load_state_dict(torch.load(best))                      # return the best, not the last
    return model, state


with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2, \
        tempfile.TemporaryDirectory() as d3:
    model_a, st_a = fit(60, d1)                                  # uninterrupted
    assert fit(60, d2, stop_at=4) is None                        # killed after epoch 4
    model_b, st_b = fit(60, d2, resume=True)                     # fresh objects, resumed
    assert fit(60, d3, stop_at=4) is None
    model_c, st_c = fit(60, d3, resume=True, restore_rng=False)  # forgot the RNG state

print("val history:", st_a["history"])
print(f"stopped after epoch {st_a['epoch']}, best val {st_a['best_val']:.4f}")
# Early stopping fired before the epoch budget, and the returned model is the best one.
assert st_a["epoch"] < 60 and st_a["bad_epochs"] == 5
assert abs(validate(model_a) - st_a["best_val"]) < 1e-7
assert min(st_a["history"]) == round(st_a["best_val"], 6)
# Resume is bit-identical: same curve, same stopping epoch, same weights.
assert st_a["history"] == st_b["history"] and st_a["epoch"] == st_b["epoch"]
assert all(torch.equal(p, q) for p, q in zip(model_a.parameters(), model_b.parameters()))
# Without the shuffle-generator and dropout RNG states the run diverges.
assert st_c["history"][:4] == st_a["history"][:4] and st_c["history"] != st_a["history"]
print("resume identical; without RNG state the curves diverge at epoch",
      next(i for i, (u, v) in enumerate(zip(st_a["history"], st_c["history"])) if u != v) + 1)
