"""IoU, greedy NMS, soft-NMS and average precision (VOC all-point and COCO 101-point) in NumPy,
checked on hand-computable cases."""
import numpy as np


def iou_matrix(a, b):
    """Pairwise IoU of boxes a (N,4) and b (M,4) in (x1, y1, x2, y2) format."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    x1 = np.maximum(a[:, None, 0], b[None, :, 0]); y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2]); y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter)


def nms(boxes, scores, thr=0.5):
    """Greedy NMS: keep the best box, drop every remaining box with IoU > thr, repeat."""
    order, keep = np.argsort(-scores), []
    while order.size:
        i = order[0]
        keep.append(int(i))
        ious = iou_matrix(boxes[i:i + 1], boxes[order[1:]])[0]
        order = order[1:][ious <= thr]
    return keep


def soft_nms(boxes, scores, thr=0.5, min_score=0.05):
    """Linear soft-NMS: decay overlapping scores by (1 - IoU) instead of deleting."""
    scores, idx, keep = scores.astype(float).copy(), list(range(len(scores))), []
    while idx:
        i = max(idx, key=lambda k: scores[k])
        idx.remove(i)
        keep.append((i, scores[i]))
        for k in idx:
            o = iou_matrix(boxes[i:i + 1], boxes[k:k + 1])[0, 0]
            if o > thr:
                scores[k] *= 1 - o
        idx = [k for k in idx if scores[k] >= min_score]
    return keep


def average_precision(det_boxes, det_scores, gt_boxes, thr, points=None):
    """AP for one class on one image. points=None: all-point envelope (VOC 2010+);
    points=101: COCO-style interpolation at recall 0, 0.01, ..., 1."""
    order = np.argsort(-det_scores)
    matched, tp = set(), []
    ious = iou_matrix(det_boxes[order], gt_boxes)
    for row in ious:                         # greedy by score: best unmatched GT above thr
        cand = [(o, g) for g, o in enumerate(row) if o >= thr and g not in matched]
        if cand:
            matched.add(max(cand)[1]); tp.append(1)
        else:
            tp.append(0)
    tp = np.array(tp); ctp = np.cumsum(tp)
    recall = ctp / len(gt_boxes)
    precision = ctp / np.arange(1, len(tp) + 1)
    env = np.maximum.accumulate(precision[::-1])[::-1]     # precision envelope (monotone)
    if points is None:
        r = np.concatenate([[0.0], recall])
        return float(np.sum((r[1:] - r[:-1]) * env))
    grid = np.linspace(0, 1, points)
    return float(np.mean([env[recall >= g].max() if np.any(recall >= g) else 0.0 for g in grid]))


# --- IoU sanity checks
sq = np.array([[0, 0, 10, 10]])
assert np.isclose(iou_matrix(sq, sq)[0, 0], 1.0)
assert np.isclose(iou_matrix(sq, [[20, 20, 30, 30]])[0, 0], 0.0)
assert np.isclose(iou_matrix(sq, [[5, 0, 15, 10]])[0, 0], 1 / 3)     # shifted by half a width
rng = np.random.default_rng(0)
xy = rng.uniform(0, 50, (6, 2)); wh = rng.uniform(1, 20, (6, 2))
B = np.hstack([xy, xy + wh])
assert np.allclose(iou_matrix(B, B), iou_matrix(B, B).T)               # symmetric
assert np.allclose(iou_matrix(B + 7, B + 7), iou_matrix(B, B))          # translation invariant

# --- One image, three objects
gt = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [40, 0, 50, 10]], float)
dets = np.array([[0, 0, 10, 10],      # perfect on object 1
                 [1, 1, 11, 11],      # duplicate of object 1 (IoU 0.68 with the first)
                 [21, 21, 31, 31],    # object 2, IoU 0.68
                 [60, 60, 70, 70],    # background false positive
                 [40, 0, 50, 12]],    # object 3, IoU 0.83
                float)
scores = np.array([0.95, 0.90, 0.80, 0.70, 0.60])
keep = nms(dets, scores, thr=0.5)
print("kept after NMS:", keep)
assert keep == [0, 2, 3, 4]

ap50_raw = average_precision(dets, scores, gt, 0.5)
ap50 = average_precision(dets[keep], scores[keep], gt, 0.5)
ap75 = average_precision(dets[keep], scores[keep], gt, 0.75)
coco = np.mean([average_precision(dets[keep], scores[keep], gt, t, points=101)
                for t in np.arange(0.5, 0.96, 0.05)])
print(f"AP50 without NMS {ap50_raw:.4f}, with NMS {ap50:.4f}; AP75 {ap75:.4f}; AP@[.5:.95] (101-pt) {coco:.4f}")
assert np.isclose(ap50_raw, (1 + 2 / 3 + 0.6) / 3)   # duplicate counts as a false positive
assert np.isclose(ap50, (1 + 1 + 0.75) / 3)
assert np.isclose(ap75, (1 + 0.5) / 3)               # the IoU-0.68 box fails at 0.75
assert ap75 < coco < ap50          # averaging over stricter IoU thresholds lowers AP

# --- NMS's failure mode: two real, heavily overlapping objects (a crowd)
crowd_gt = np.array([[0, 0, 10, 20], [3, 0, 13, 20]], float)   # IoU 7/13 = 0.54
crowd_scores = np.array([0.9, 0.85])
assert nms(crowd_gt, crowd_scores, 0.5) == [0]                   # second person deleted
soft = soft_nms(crowd_gt, crowd_scores, 0.5)
print("soft-NMS keeps:", [(i, round(s, 3)) for i, s in soft])
assert len(soft) == 2 and np.isclose(soft[1][1], 0.85 * (1 - 7 / 13))
print("ok")
