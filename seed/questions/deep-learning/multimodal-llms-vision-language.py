"""CLIP-style contrastive alignment: the symmetric InfoNCE loss, its values at chance and at
perfect alignment, zero-shot classification by text prompts, and the ViT patch-token count."""
import numpy as np

rng = np.random.default_rng(0)


def l2n(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def log_softmax(z, axis):
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def clip_loss(img, txt, temperature=0.07):
    """Matching pairs are on the diagonal; cross-entropy over rows (image->text) and
    columns (text->image), averaged."""
    logits = l2n(img) @ l2n(txt).T / temperature
    idx = np.arange(len(img))
    i2t = -log_softmax(logits, axis=1)[idx, idx].mean()
    t2i = -log_softmax(logits, axis=0)[idx, idx].mean()
    return (i2t + t2i) / 2


B, d = 256, 64
# At chance (all similarities equal) the loss is exactly log(batch size)
same = np.ones((B, d))
assert np.isclose(clip_loss(same, same), np.log(B))
# Random, unaligned embeddings: no better than chance (slightly worse: with a sharp temperature
# the spread of random similarities inflates the log-sum-exp by about var/2)
rand = clip_loss(rng.normal(size=(B, d)), rng.normal(size=(B, d)))
assert rand > np.log(B)
# Aligned pairs (text embedding = image embedding + noise): loss far below log B
img = rng.normal(size=(B, d))
aligned = clip_loss(img, img + 0.1 * rng.normal(size=(B, d)))
print(f"log B = {np.log(B):.2f}, random {rand:.2f}, aligned {aligned:.3f}")
assert aligned < 0.05
# Bigger batches make the task harder (more negatives): chance loss grows as log B
assert clip_loss(np.ones((1024, d)), np.ones((1024, d))) > clip_loss(same, same)

# Zero-shot classification: embed "a photo of a {label}" prompts, pick the most similar
class_text = l2n(rng.normal(size=(5, d)))                    # 5 class-prompt embeddings
true_class = rng.integers(0, 5, 500)
images = l2n(class_text[true_class] + 0.08 * rng.normal(size=(500, d)))  # images near their class text
pred = np.argmax(images @ class_text.T, axis=1)
assert np.mean(pred == true_class) > 0.95

# Visual token budget: ViT-L/14 at 336 px -> (336/14)^2 patch tokens per image
assert (336 // 14) ** 2 == 576
# Tiling a 672x672 image into 4 crops plus a low-res overview: 5 x 576 tokens
assert 5 * 576 == 2880
