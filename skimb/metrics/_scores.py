"""Score functions for imbalanced classification.

Each takes ``(y_true, y_pred)`` (label scores) or ``(y_true, y_score)``
(probability / decision scores) and returns a float. They reuse
scikit-learn's and imbalanced-learn's functions and add the choice of the
positive class (the minority by default) and defined results, with a warning,
where a class is absent.
"""

import warnings

import numpy as np
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix_at_thresholds,
    fbeta_score,
    matthews_corrcoef,
    recall_score,
)
from sklearn.utils.multiclass import type_of_target

from ..weights import check_sample_weight


class UndefinedScoreWarning(UserWarning):
    """A score is undefined for the data given (e.g. a class absent from y_true).

    The score functions then return a defined number (0 for the undefined part)
    and issue this warning, never a silent NaN.

    Examples
    --------
    >>> import warnings
    >>> from skimb.metrics import UndefinedScoreWarning, pr_auc_score
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     pr_auc_score([0, 0], [0.1, 0.2], pos_label=1)
    0.0
    >>> caught[0].category is UndefinedScoreWarning
    True
    """


def minority_label(y_true, labels=None):
    """The least frequent class of ``y_true`` (among ``labels`` when given).

    Ties go to the larger label, so with ``{0, 1}`` and equal counts it is 1,
    scikit-learn's default positive class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    labels : array-like, default=None
        Candidate classes; classes absent from ``y_true`` count as 0.

    Returns
    -------
    label
        The minority class.

    Examples
    --------
    >>> from skimb.metrics import minority_label
    >>> minority_label(["a", "b", "b", "c", "c", "c"])
    'a'
    """
    y_true = np.asarray(y_true)
    labels = np.unique(y_true) if labels is None else np.asarray(labels)
    if len(labels) == 0:
        raise ValueError("y_true is empty and no labels are given: no class is rare.")
    counts = np.array([np.sum(y_true == label) for label in labels])
    best = np.flatnonzero(counts == counts.min())[-1]
    return labels[best].item() if hasattr(labels[best], "item") else labels[best]


def _inferred_positive(y_true, labels):
    """The minority class as the positive one, where ``y_true`` can tell it.

    ``y_true`` of one class, with no ``labels``, cannot: the one class is its
    own minority, and scoring it as the positive class would score a test
    set without positives as perfect.
    """
    if labels is None:
        labels = np.unique(y_true)
        if len(labels) < 2:
            raise ValueError(
                f"y_true holds one class ({labels.tolist()!r}), so the positive "
                "class cannot be taken as its minority; pass pos_label= or "
                "labels= (e.g. the estimator's classes_)."
            )
    return minority_label(y_true, labels)


def _is_binary(y_true, labels):
    if labels is not None:
        return len(labels) <= 2
    return type_of_target(y_true) == "binary"


def _warn_absent(y_true, labels):
    labels = np.unique(y_true) if labels is None else np.asarray(labels)
    absent = [label for label in labels.tolist() if not np.any(y_true == label)]
    if absent:
        warnings.warn(
            f"Classes {absent!r} are absent from y_true; their per-class scores "
            "are undefined and count as 0.",
            UndefinedScoreWarning,
            stacklevel=3,
        )


def fbeta(
    y_true,
    y_pred,
    *,
    beta=1.0,
    pos_label=None,
    labels=None,
    average="auto",
    sample_weight=None,
):
    """F-beta of the positive class (binary) or the macro F-beta (multiclass).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    beta : float, default=1.0
        Weight of recall relative to precision (``beta=2``: recall counts
        four times as much).
    pos_label : label, default=None
        Positive class of a binary problem; ``None`` takes the minority class
        of ``y_true`` (among ``labels`` when given). A ``y_true`` of one
        class needs ``pos_label`` or ``labels``.
    labels : array-like, default=None
        All the classes (e.g. the estimator's ``classes_``).
    average : {"auto", "macro"}, default="auto"
        ``"auto"``: the positive class's F-beta for two classes, the macro mean
        for more; ``"macro"``: always the unweighted mean over the classes.

    Returns
    -------
    score : float
        In [0, 1]; undefined parts (no positive predicted or present) count 0.

    Examples
    --------
    >>> from skimb.metrics import fbeta
    >>> round(fbeta([0, 0, 1, 1], [0, 1, 1, 0], beta=2), 3)
    0.5
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    _warn_absent(y_true, labels)
    binary = average == "auto" and _is_binary(y_true, labels)
    pos = pos_label
    if binary and pos is None:
        pos = _inferred_positive(y_true, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        score = fbeta_score(
            y_true,
            y_pred,
            beta=beta,
            pos_label=pos if binary else 1,
            average="binary" if binary else "macro",
            labels=None if binary else labels,
            zero_division=0,
            sample_weight=sample_weight,
        )
    return float(score)


def f2_score(y_true, y_pred, *, pos_label=None, labels=None, sample_weight=None):
    """F2 of the positive class (binary) or macro F2 (multiclass).

    Recall weighs four times as much as precision: the measure for problems
    where a missed rare case costs more than a false alarm. ``fbeta`` with
    ``beta=2``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels and the classifier's predictions for them.
    pos_label : label, default=None
        Positive class; ``None`` takes the minority class of ``y_true``
        (among ``labels`` when given). A ``y_true`` of one class needs
        ``pos_label`` or ``labels``.
    labels : array-like, default=None
        The classes a multiclass F2 averages over.

    Returns
    -------
    score : float
        F2 in [0, 1], 0 when no positive is predicted.

    Examples
    --------
    >>> from skimb.metrics import f2_score
    >>> round(f2_score([0, 0, 0, 1, 1], [0, 1, 1, 1, 1]), 3)
    0.833
    """
    return fbeta(
        y_true,
        y_pred,
        beta=2.0,
        pos_label=pos_label,
        labels=labels,
        sample_weight=sample_weight,
    )


def macro_f2_score(y_true, y_pred, *, labels=None, sample_weight=None):
    """Unweighted mean of the per-class F2 scores, binary problems included.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels of two or more classes, and the predicted ones.
    labels : array-like, default=None
        The classes averaged over; default those of ``y_true`` and ``y_pred``.

    Returns
    -------
    score : float
        The mean F2, each class counting the same.

    Examples
    --------
    >>> from skimb.metrics import macro_f2_score
    >>> round(macro_f2_score([0, 1, 2, 2], [0, 1, 2, 1]), 3)
    0.796
    """
    return fbeta(
        y_true,
        y_pred,
        beta=2.0,
        labels=labels,
        average="macro",
        sample_weight=sample_weight,
    )


def gmean_score(y_true, y_pred, *, labels=None, sample_weight=None):
    """Geometric mean of the per-class recalls (imbalanced-learn's G-mean).

    Zero as soon as one class is never found, which accuracy hides.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        The classes whose recalls enter the mean; those absent from ``y_true``
        are left out, with a warning.

    Returns
    -------
    score : float
        In [0, 1]; 0 when any class has recall 0.

    Examples
    --------
    >>> from skimb.metrics import gmean_score
    >>> round(gmean_score([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0]), 3)
    0.612
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    _warn_absent(y_true, labels)
    if labels is not None:
        labels = [
            label for label in np.asarray(labels).tolist() if np.any(y_true == label)
        ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            geometric_mean_score(
                y_true, y_pred, labels=labels, sample_weight=sample_weight
            )
        )


def balanced_accuracy(y_true, y_pred, *, sample_weight=None):
    """Mean per-class recall (scikit-learn's balanced accuracy), without warnings.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True labels and the labels predicted for them.

    Returns
    -------
    score : float
        0.5 for a binary classifier that always predicts one class.

    Examples
    --------
    >>> from skimb.metrics import balanced_accuracy
    >>> balanced_accuracy([0, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            balanced_accuracy_score(y_true, y_pred, sample_weight=sample_weight)
        )


def mcc_score(y_true, y_pred, *, sample_weight=None):
    """Matthews correlation coefficient, binary or multiclass.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Labels and predictions, of any number of classes.

    Returns
    -------
    score : float
        In [-1, 1]; 0 where undefined (a constant prediction).

    Examples
    --------
    >>> from skimb.metrics import mcc_score
    >>> mcc_score([0, 0, 1, 1], [0, 0, 1, 1])
    1.0
    """
    return float(matthews_corrcoef(y_true, y_pred, sample_weight=sample_weight))


def minority_recall(y_true, y_pred, *, labels=None, sample_weight=None):
    """Recall of the least frequent class of ``y_true``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True labels and predictions.
    labels : array-like, default=None
        Candidate classes; ``None`` uses the classes of ``y_true``.

    Returns
    -------
    score : float
        The share of the rarest class's rows predicted as that class.

    Examples
    --------
    >>> from skimb.metrics import minority_recall
    >>> minority_recall([0, 0, 0, 1, 1], [0, 0, 0, 1, 0])
    0.5
    """
    y_true = np.asarray(y_true)
    present = None if labels is None else [c for c in labels if np.any(y_true == c)]
    minority = minority_label(y_true, present)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            recall_score(
                y_true == minority,
                np.asarray(y_pred) == minority,
                zero_division=0,
                sample_weight=sample_weight,
            )
        )


def _binary_score_column(y_true, y_score, pos_label, labels):
    """Return (is_positive, score of the positive class) for binary input."""
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=float)
    pos = _inferred_positive(y_true, labels) if pos_label is None else pos_label
    classes = np.unique(y_true) if labels is None else np.asarray(labels)
    if y_score.ndim == 2:
        if y_score.shape[1] != len(classes):
            raise ValueError(
                f"y_score has {y_score.shape[1]} columns for {len(classes)} "
                "classes; pass labels= in the column order."
            )
        y_score = y_score[:, list(classes).index(pos)]
    elif len(classes) == 2 and pos == classes[0]:
        # a 1-d score is the score of the greater class, as in scikit-learn
        y_score = -y_score
    return y_true == pos, y_score


def _ovr_columns(y_true, y_score, labels):
    y_true = np.asarray(y_true)
    labels = np.unique(y_true) if labels is None else np.asarray(labels)
    y_score = np.asarray(y_score, dtype=float)
    if y_score.ndim != 2 or y_score.shape[1] != len(labels):
        raise ValueError(
            "Multiclass scores need a 2-d y_score with one column per class in "
            f"labels order; got shape {y_score.shape} for {len(labels)} classes."
        )
    _warn_absent(y_true, labels)
    for k, label in enumerate(labels.tolist()):
        if np.any(y_true == label):
            yield y_true == label, y_score[:, k]


def _undefined(name):
    warnings.warn(
        f"{name} is undefined without positive samples in y_true; returning 0.",
        UndefinedScoreWarning,
        stacklevel=3,
    )
    return 0.0


def pr_auc_score(y_true, y_score, *, pos_label=None, labels=None, sample_weight=None):
    """Area under the precision-recall curve, as average precision.

    Binary: the AP of the positive class (the minority by default).
    Multiclass (2-d ``y_score``): the unweighted one-vs-rest mean over the
    classes present in ``y_true``. Unlike ROC-AUC, it falls with every false
    positive among the many negatives.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores of the positive class, or one column per class.
    pos_label : label, default=None
        Positive class of a binary problem; ``None`` takes the minority. A
        ``y_true`` of one class needs ``pos_label`` or ``labels``.
    labels : array-like, default=None
        The classes in ``y_score`` column order (e.g. ``classes_``).
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights.

    Returns
    -------
    score : float
        In [0, 1]; 0 with a warning when no positive is present.

    Examples
    --------
    >>> from skimb.metrics import pr_auc_score
    >>> round(pr_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 3)
    0.833
    """
    y_score = np.asarray(y_score)
    if _is_binary(y_true, labels) and not (y_score.ndim == 2 and y_score.shape[1] > 2):
        positive, score = _binary_score_column(y_true, y_score, pos_label, labels)
        if not positive.any():
            return _undefined("Average precision")
        return float(
            average_precision_score(positive, score, sample_weight=sample_weight)
        )
    aps = [
        average_precision_score(p, s, sample_weight=sample_weight)
        for p, s in _ovr_columns(y_true, y_score, labels)
    ]
    return float(np.mean(aps))


def _curve_counts(positive, score, sample_weight=None):
    """Precision and recall at every threshold (weighted counts with weights).

    A threshold that takes in only rows of weight 0 has no precision (NaN),
    and so meets no bound.
    """
    _, fps, _, tps, _ = confusion_matrix_at_thresholds(
        positive, score, sample_weight=sample_weight
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return precision, recall


def recall_at_precision(
    y_true,
    y_score,
    *,
    min_precision=0.5,
    pos_label=None,
    labels=None,
    sample_weight=None,
):
    """Highest recall reachable with precision at least ``min_precision``.

    Binary: over every threshold of the positive-class score. Multiclass: the
    one-vs-rest mean over classes present in ``y_true``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Positive-class scores (binary), or one column per class.
    min_precision : float, default=0.5
        The precision every counted threshold must reach.
    pos_label : label, default=None
        Positive class; ``None`` takes the minority. A ``y_true`` of one
        class needs ``pos_label`` or ``labels``.
    labels : array-like, default=None
        The classes in ``y_score`` column order.
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights: precision and recall count weights instead of rows.

    Returns
    -------
    score : float
        In [0, 1]; 0 when no threshold meets the bound.

    Examples
    --------
    >>> from skimb.metrics import recall_at_precision
    >>> recall_at_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], min_precision=0.9)
    0.5
    """
    return _constrained(
        y_true,
        y_score,
        ("min_precision", min_precision),
        pos_label,
        labels,
        sample_weight,
        maximise="recall",
    )


def precision_at_recall(
    y_true, y_score, *, min_recall=0.5, pos_label=None, labels=None, sample_weight=None
):
    """Highest precision reachable with recall at least ``min_recall``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels; a multiclass score is the one-vs-rest mean over the classes
        present.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Positive-class scores, or one column per class.
    min_recall : float, default=0.5
        The share of positives every counted threshold must find.
    pos_label : label, default=None
        The class whose recall is bounded; ``None`` takes the minority. A
        ``y_true`` of one class needs ``pos_label`` or ``labels``.
    labels : array-like, default=None
        Column order of a 2-d ``y_score``.
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights: precision and recall count weights instead of rows.

    Returns
    -------
    score : float
        The precision at the best such threshold.

    Examples
    --------
    >>> from skimb.metrics import precision_at_recall
    >>> y_true, y_score = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    >>> round(precision_at_recall(y_true, y_score, min_recall=1.0), 3)
    0.667
    """
    return _constrained(
        y_true,
        y_score,
        ("min_recall", min_recall),
        pos_label,
        labels,
        sample_weight,
        maximise="precision",
    )


def _constrained(
    y_true, y_score, named_bound, pos_label, labels, sample_weight, maximise
):
    bound_name, bound = named_bound
    if not 0.0 <= bound <= 1.0:
        raise ValueError(f"{bound_name} must lie in [0, 1]; got {bound!r}.")
    y_score = np.asarray(y_score)
    sample_weight = check_sample_weight(sample_weight, len(y_score))

    def one(positive, score):
        if sample_weight is not None and not np.any(sample_weight[positive] > 0):
            # positives of weight 0 leave recall undefined, as no positives do
            return _undefined(name)
        precision, recall = _curve_counts(positive, score, sample_weight)
        if maximise == "recall":
            ok = precision >= bound
            return float(recall[ok].max()) if ok.any() else 0.0
        ok = recall >= bound
        return float(precision[ok].max()) if ok.any() else 0.0

    name = f"{maximise} at a bound"
    if _is_binary(y_true, labels) and not (y_score.ndim == 2 and y_score.shape[1] > 2):
        positive, score = _binary_score_column(y_true, y_score, pos_label, labels)
        if not positive.any():
            return _undefined(name)
        return one(positive, score)
    return float(np.mean([one(p, s) for p, s in _ovr_columns(y_true, y_score, labels)]))
