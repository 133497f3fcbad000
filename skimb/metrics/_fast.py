"""Lean score computations for hot paths (per-epoch validation scores).

They take already-validated integer-encoded labels ``0..K-1`` and skip the input
checks of scikit-learn's public metric functions, which cost more than the
computation itself on small validation splits. Tests pin them to scikit-learn.
"""

import numpy as np

from ._sweep import counts_at_thresholds


def confusion_counts(y_true, y_pred, n_classes):
    """Confusion matrix of encoded labels: rows true class, columns prediction."""
    flat = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(
        n_classes, n_classes
    )


def per_class_rates(cm):
    """Per-class recall and precision from a confusion matrix (0 where undefined)."""
    tp = np.diag(cm).astype(float)
    support = cm.sum(axis=1)
    predicted = cm.sum(axis=0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    return recall, precision


def fbeta_from_rates(precision, recall, beta):
    """F-beta from precision and recall arrays (0 where both are 0)."""
    b2 = beta * beta
    denom = b2 * precision + recall
    return np.divide(
        (1 + b2) * precision * recall,
        denom,
        out=np.zeros_like(denom, dtype=float),
        where=denom > 0,
    )


def binary_average_precision(y_true, score):
    """Average precision of a binary problem, ``y_true`` in {0, 1}.

    The step-wise sum over distinct thresholds, sum_n (R_n - R_{n-1}) P_n,
    the same definition as scikit-learn's ``average_precision_score``.
    Returns NaN when ``y_true`` has no positive.
    """
    y_true = np.asarray(y_true, dtype=bool)
    n_pos = y_true.sum()
    if n_pos == 0:
        return np.nan
    fps, tps, _ = counts_at_thresholds(y_true, np.asarray(score, dtype=float))
    precision = tps / (tps + fps)
    recall = tps / n_pos
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def macro_average_precision(y_true, proba):
    """Binary AP of the positive class (K=2) or one-vs-rest macro AP (K>2).

    Classes absent from ``y_true`` are left out of the macro mean; NaN when
    no class can be scored.
    """
    y_true = np.asarray(y_true)
    n_classes = proba.shape[1]
    if n_classes == 2:
        return binary_average_precision(y_true == 1, proba[:, 1])
    scores = [
        binary_average_precision(y_true == k, proba[:, k])
        for k in range(n_classes)
        if np.any(y_true == k)
    ]
    return float(np.mean(scores)) if scores else np.nan
