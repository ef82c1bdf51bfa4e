"""Two-stage fine-tuning of a pre-trained ResNet-50 in PyTorch: linear probe, then full
fine-tuning with discriminative learning rates and frozen BatchNorm statistics.
Not run by the test suite (needs torch and torchvision); `train_loader` yields (images, labels)."""
import math

import torch
import torch.nn as nn
import torchvision


def freeze_bn_stats(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()                      # use running statistics; affine params still train


def build(num_classes: int) -> nn.Module:
    model = torchvision.models.resnet50(weights=torchvision.models.ResNet50_Weights.IMAGENET1K_V2)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model


def run_epochs(model, loader, optimizer, scheduler, epochs, device):
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    for _ in range(epochs):
        model.train()
        freeze_bn_stats(model)
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            scheduler.step()


def fine_tune(train_loader, num_classes=40, device="cuda"):
    model = build(num_classes).to(device)

    # Stage 1: linear probe. Only the new head trains.
    for p in model.parameters():
        p.requires_grad = False
    for p in model.fc.parameters():
        p.requires_grad = True
    opt = torch.optim.AdamW(model.fc.parameters(), lr=1e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1.0)
    run_epochs(model, train_loader, opt, sched, epochs=5, device=device)

    # Stage 2: unfreeze all; learning rate decays toward the input (discriminative LRs).
    for p in model.parameters():
        p.requires_grad = True
    stages = [model.conv1, model.bn1, model.layer1, model.layer2, model.layer3, model.layer4]
    groups, base_lr = [], 1e-4
    for depth, stage in enumerate(reversed(stages)):
        groups.append({"params": stage.parameters(), "lr": base_lr * (0.5 ** depth)})
    groups.append({"params": model.fc.parameters(), "lr": 1e-3})
    opt = torch.optim.AdamW(groups, weight_decay=0.05)
    epochs = 20
    total = epochs * len(train_loader)
    warmup = max(1, total // 20)
    lr_lambda = lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, total) / total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
    run_epochs(model, train_loader, opt, sched, epochs=epochs, device=device)
    return model
