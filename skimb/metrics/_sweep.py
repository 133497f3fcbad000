"""Exact threshold sweeps: an objective at every distinct score, in O(n log n).

The rule is "positive when score >= threshold". scikit-learn's
``confusion_matrix_at_thresholds`` gives the confusion counts at every distinct
score; the objectives below are vectorised over those counts, so the whole curve
costs one sort.
"""

import numbers

import numpy as np
from sklearn.metrics import confusion_matrix_at_thresholds

__all__ = [
    "OBJECTIVES",
    "example_cost_targets",
    "binary_objective_curve",
    "confusion_objective",
    "confusion_counts",
    "count_objective",
]


def _div(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


def _fbeta(beta):
    b2 = beta * beta

    def score(tp, fp, tn, fn):
        return _div((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp)

    return score


def _recall(tp, fp, tn, fn):
    return _div(tp, tp + fn)


def _specificity(tp, fp, tn, fn):
    return _div(tn, tn + fp)


def _precision(tp, fp, tn, fn):
    return _div(tp, tp + fp)


def _balanced_accuracy(tp, fp, tn, fn):
    return (_recall(tp, fp, tn, fn) + _specificity(tp, fp, tn, fn)) / 2


def _gmean(tp, fp, tn, fn):
    return np.sqrt(_recall(tp, fp, tn, fn) * _specificity(tp, fp, tn, fn))


def _youden(tp, fp, tn, fn):
    return _recall(tp, fp, tn, fn) + _specificity(tp, fp, tn, fn) - 1


def _mcc(tp, fp, tn, fn):
    num = tp * tn - fp * fn
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return _div(num, den)


def _constrained(maximise, bound_on, bound):
    def score(tp, fp, tn, fn):
        value = maximise(tp, fp, tn, fn)
        ok = bound_on(tp, fp, tn, fn) >= bound
        return np.where(ok, value, -np.inf)

    return score


def _cost(cost_matrix):
    # cost_matrix[i, j]: cost of predicting j when the truth is i (0 negative)
    c = np.asarray(cost_matrix, dtype=float)

    def score(tp, fp, tn, fn):
        n = tp + fp + tn + fn
        total = c[0, 0] * tn + c[0, 1] * fp + c[1, 0] * fn + c[1, 1] * tp
        return -_div(total, n)

    return score


def fbeta_of(objective, beta):
    """The beta of an F-beta objective, checked; None for any other objective.

    Parameters
    ----------
    objective : str or callable
        ``"f1"`` and ``"f2"`` name their beta; ``"fbeta"`` takes ``beta``.
    beta : float
        The beta of ``"fbeta"``; must be > 0.

    Returns
    -------
    beta : float or None
    """
    if not isinstance(objective, str) or objective not in ("f1", "f2", "fbeta"):
        return None
    beta = {"f1": 1.0, "f2": 2.0}.get(objective, beta)
    # written so that NaN fails too
    if not (isinstance(beta, numbers.Real) and 0 < beta < np.inf):
        raise ValueError(f"beta must be a float > 0; got {beta!r}.")
    return float(beta)


OBJECTIVES = ("f1", "f2", "fbeta", "balanced_accuracy", "gmean", "mcc", "youden")


def count_objective(
    objective, *, beta=1.0, min_precision=None, min_recall=None, cost_matrix=None
):
    """Turn an objective name into a function of confusion counts.

    Parameters
    ----------
    objective : str
        One of ``"f1"``, ``"f2"``, ``"fbeta"`` (with ``beta``),
        ``"balanced_accuracy"``, ``"gmean"``, ``"mcc"``, ``"youden"``,
        ``"recall_at_precision"`` (with ``min_precision``),
        ``"precision_at_recall"`` (with ``min_recall``), ``"cost"`` (with
        ``cost_matrix``).
    beta, min_precision, min_recall, cost_matrix
        Parameters of the objectives that take one.

    Returns
    -------
    score : callable
        ``score(tp, fp, tn, fn)`` on arrays, higher is better; ``-inf`` where a
        constraint fails; the negative mean cost for ``"cost"``.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.metrics import count_objective
    >>> f2 = count_objective("f2")
    >>> float(f2(np.array(2), np.array(2), np.array(6), np.array(0)))
    0.8333333333333334
    """
    f_beta = fbeta_of(objective, beta)
    if f_beta is not None:
        return _fbeta(f_beta)
    simple = {
        "balanced_accuracy": _balanced_accuracy,
        "gmean": _gmean,
        "mcc": _mcc,
        "youden": _youden,
    }
    if objective in simple:
        return simple[objective]
    if objective == "recall_at_precision":
        return _constrained(_recall, _precision, _bound(min_precision, "min_precision"))
    if objective == "precision_at_recall":
        return _constrained(_precision, _recall, _bound(min_recall, "min_recall"))
    if objective == "net_benefit":
        return _net_benefit
    if objective == "cost":
        matrix = np.asarray(cost_matrix, dtype=float)
        if matrix.shape != (2, 2):
            raise ValueError(
                f"A binary cost_matrix must have shape (2, 2); got {matrix.shape}."
            )
        if not np.isfinite(matrix).all():
            raise ValueError("cost_matrix must hold finite numbers.")
        return _cost(matrix)
    known = [*OBJECTIVES, "recall_at_precision", "precision_at_recall", "cost"]
    raise ValueError(
        f"Unknown objective {objective!r}; use one of {', '.join(known)} or a "
        "callable (y_true, y_pred) -> float."
    )


def _net_benefit(tp, fp, tn, fn):
    """Weighted true positives less weighted false positives, as a share of
    the total weight: with rows weighted by what flagging them saves or costs
    (see :func:`example_cost_targets`), the saving of a rule over flagging
    nothing, divided by the most any rule could move."""
    total = tp + fp + tn + fn
    return _div(tp - fp, total)


def example_cost_targets(y_true, cost, sample_weight=None):
    """Reduce example-dependent costs to a weighted binary problem.

    Row ``i`` costs ``cost[i, t, p]`` when its truth is ``t`` and the rule
    predicts ``p`` (0: negative, 1: positive), e.g. a missed fraud its amount
    and any alarm a fixed review cost (Bahnsen, Aouada and Ottersten,
    "Example-dependent cost-sensitive decision trees", Expert Systems with
    Applications 42, 2015). Flagging row ``i`` instead of passing it saves
    ``u_i = cost[i, t_i, 0] - cost[i, t_i, 1]`` (negative: it costs). A rule's
    total cost is that of flagging nothing less the sum of ``u_i`` over the
    rows it flags, so minimising cost is maximising weighted true positives
    less weighted false positives, with row ``i`` counted as positive when
    ``u_i > 0`` and weighted by ``|u_i|`` (the classic reduction of
    cost-sensitive to weighted classification; Zadrozny, Langford and Abe,
    ICDM 2003).

    Parameters
    ----------
    y_true : array-like of bool, shape (n_samples,)
        Whether each row is of the positive class.
    cost : array-like of shape (n_samples, 2, 2)
        Each row's cost matrix, ``[truth, prediction]``.
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights, multiplied in.

    Returns
    -------
    positive : ndarray of bool
        Rows that flagging saves money on.
    weight : ndarray of float
        What flagging each row saves or costs, in absolute value.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.metrics import example_cost_targets
    >>> cost = np.array([[[0, 5], [0, 5]], [[0, 5], [120, 5]]])  # a, then a fraud
    >>> positive, weight = example_cost_targets([False, True], cost)
    >>> positive.tolist(), weight.tolist()
    ([False, True], [5.0, 115.0])
    """
    truth = np.asarray(y_true, dtype=bool).astype(int)
    cost = np.asarray(cost, dtype=float)
    if cost.ndim != 3 or cost.shape[1:] != (2, 2) or len(cost) != len(truth):
        raise ValueError(
            "sample_cost must hold one 2 x 2 cost matrix per row, shape "
            f"({len(truth)}, 2, 2); got {cost.shape}."
        )
    if not np.all(np.isfinite(cost)):
        raise ValueError("sample_cost must be finite.")
    rows = np.arange(len(truth))
    saving = cost[rows, truth, 0] - cost[rows, truth, 1]
    weight = np.abs(saving)
    if sample_weight is not None:
        weight = weight * np.asarray(sample_weight, dtype=float)
    return saving > 0, weight


def _bound(value, name):
    if not isinstance(value, numbers.Real) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a float in [0, 1]; got {value!r}.")
    return float(value)


def confusion_counts(y_true, y_pred, n_classes, sample_weight=None):
    """Confusion matrix of labels encoded as the integers 0 to ``n_classes - 1``.

    Rows are true classes, columns predictions, as scikit-learn's
    ``confusion_matrix``. It skips that function's input checks, which cost
    far more than the count itself: the multiclass rule search of
    ThresholdOptimizer scores thousands of candidate rules.

    Parameters
    ----------
    y_true, y_pred : ndarray of int, shape (n_samples,)
        Encoded labels.
    n_classes : int
        The number of classes.
    sample_weight : ndarray of shape (n_samples,), default=None
        Row weights: each cell sums its rows' weights.

    Returns
    -------
    cm : ndarray of shape (n_classes, n_classes)

    Examples
    --------
    >>> from skimb.metrics import confusion_counts
    >>> confusion_counts([0, 0, 1], [0, 1, 1], 2).tolist()
    [[1, 1], [0, 1]]
    """
    flat = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred)
    return np.bincount(
        flat, weights=sample_weight, minlength=n_classes * n_classes
    ).reshape(n_classes, n_classes)


def binary_objective_curve(positive, score, objective, sample_weight=None):
    """An objective at every distinct score threshold.

    Parameters
    ----------
    positive : array-like of bool, shape (n_samples,)
        Whether each sample is positive.
    score : array-like of shape (n_samples,)
        Positive-class scores.
    objective : callable
        ``objective(tp, fp, tn, fn)`` on arrays (see :func:`count_objective`).
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights: the counts are sums of weights, so integer weights give
        the curve of the rows repeated that many times.

    Returns
    -------
    thresholds : ndarray
        Decreasing candidate thresholds: ``inf`` (no sample positive), then
        every distinct score.
    values : ndarray
        The objective at each threshold.

    Examples
    --------
    >>> from skimb.metrics import binary_objective_curve, count_objective
    >>> t, v = binary_objective_curve([0, 1, 1], [0.2, 0.6, 0.9],
    ...                               count_objective("f1"))
    >>> t.tolist(), v.round(2).tolist()
    ([inf, 0.9, 0.6, 0.2], [0.0, 0.67, 1.0, 0.8])
    """
    positive = np.asarray(positive, dtype=bool)
    score = np.asarray(score, dtype=float)
    _, fps, _, tps, thresholds = confusion_matrix_at_thresholds(
        positive, score, sample_weight=sample_weight
    )
    weight = np.ones(len(positive)) if sample_weight is None else sample_weight
    weight = np.asarray(weight, dtype=float)
    n_pos, n_neg = weight[positive].sum(), weight[~positive].sum()
    tps, fps = np.r_[0, tps], np.r_[0, fps]
    thresholds = np.r_[np.inf, thresholds]
    values = objective(tps, fps, n_neg - fps, n_pos - tps)
    return thresholds, np.asarray(values, dtype=float)


def _macro_fbeta(beta):
    b2 = beta * beta

    def score(cm):
        tp = np.diag(cm).astype(float)
        fn = cm.sum(axis=1) - tp
        fp = cm.sum(axis=0) - tp
        return float(np.mean(_div((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp)))

    return score


def _macro_recall(cm):
    return _div(np.diag(cm), cm.sum(axis=1))


def _multiclass_mcc(cm):
    # Gorodkin's R_K statistic, the multiclass MCC
    t, p = cm.sum(axis=1).astype(float), cm.sum(axis=0).astype(float)
    c, s = float(np.trace(cm)), float(cm.sum())
    den = np.sqrt((s * s - p @ p) * (s * s - t @ t))
    return float((c * s - t @ p) / den) if den > 0 else 0.0


def _multiclass_specificity(cm):
    n = cm.sum()
    tp = np.diag(cm)
    negatives = n - cm.sum(axis=1)
    tn = n - cm.sum(axis=1) - cm.sum(axis=0) + tp
    return _div(tn, negatives)


def confusion_objective(objective, *, beta=1.0):
    """Turn an objective name into a function of a K x K confusion matrix.

    The multiclass (macro) versions of the binary objectives: macro F-beta,
    balanced accuracy, G-mean of the recalls, MCC, and the macro Youden index.

    Parameters
    ----------
    objective : str
        ``"f1"``, ``"f2"``, ``"fbeta"``, ``"balanced_accuracy"``, ``"gmean"``,
        ``"mcc"`` or ``"youden"``.
    beta : float, default=1.0
        For ``"fbeta"``.

    Returns
    -------
    score : callable
        ``score(cm) -> float``, higher is better.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.metrics import confusion_objective
    >>> confusion_objective("balanced_accuracy")(np.array([[8, 2], [1, 1]]))
    0.65
    """
    f_beta = fbeta_of(objective, beta)
    if f_beta is not None:
        return _macro_fbeta(f_beta)
    table = {
        "balanced_accuracy": lambda cm: float(np.mean(_macro_recall(cm))),
        "gmean": lambda cm: float(np.prod(_macro_recall(cm)) ** (1 / len(cm))),
        "mcc": _multiclass_mcc,
        "youden": lambda cm: float(
            np.mean(_macro_recall(cm) + _multiclass_specificity(cm) - 1)
        ),
    }
    if objective not in table:
        raise ValueError(
            f"Objective {objective!r} has no multiclass version; use one of "
            f"{', '.join(OBJECTIVES)}, a cost_matrix or a callable."
        )
    return table[objective]
