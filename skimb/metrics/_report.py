"""The per-class report: one row per class, minority first, and summary rows."""

import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    fbeta_score,
    precision_recall_fscore_support,
)

from ..weights import check_sample_weight
from ._scores import UndefinedScoreWarning, gmean_score, mcc_score

__all__ = ["ImbalanceReport", "imbalance_report"]

_CLASS_COLUMNS = [
    "support",
    "share",
    "precision",
    "recall",
    "specificity",
    "f1",
    "f2",
    "ap",
]


class ImbalanceReport(pd.DataFrame):
    """A DataFrame whose printed form is a plain text table (blanks, not NaN).

    Examples
    --------
    >>> from skimb.metrics import imbalance_report
    >>> report = imbalance_report([0, 0, 0, 1], [0, 0, 1, 1])
    >>> list(report.index[:2])
    [1, 0]
    """

    @property
    def _constructor(self):
        return ImbalanceReport

    def __str__(self):
        return self.to_string(
            na_rep="",
            float_format=lambda v: f"{v:.3f}",
            formatters={"support": _support_text},
        )

    __repr__ = __str__


def imbalance_report(y_true, y_pred, *, y_score=None, labels=None, sample_weight=None):
    """Per-class and summary scores of a classifier, minority class first.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    y_score : array-like of shape (n_samples, n_classes), default=None
        Class scores (e.g. ``predict_proba``), columns in ``labels`` order; adds
        the one-vs-rest average precision of each class.
    labels : array-like, default=None
        The classes (e.g. ``classes_``); default the sorted union of
        ``y_true`` and ``y_pred``. A class absent from ``y_true`` gets a row
        with support 0 and a warning.
    sample_weight : array-like of shape (n_samples,), default=None
        Row weights: every count, ``support`` included, is a sum of weights
        (as in scikit-learn's ``classification_report``), so an integer weight
        reports the row as that many copies.

    Returns
    -------
    report : ImbalanceReport (a pandas DataFrame)
        One row per class, sorted by support (smallest first), with columns
        support, share, precision, recall, specificity, f1, f2 and ap; then the
        rows ``macro avg`` and ``weighted avg`` and the single-number rows
        ``balanced accuracy``, ``G-mean`` and ``MCC`` (their value in the
        column ``score``).

    Examples
    --------
    >>> from skimb.metrics import imbalance_report
    >>> y_true = ["ok"] * 8 + ["fraud"] * 2
    >>> y_pred = ["ok"] * 7 + ["fraud"] * 2 + ["ok"]
    >>> report = imbalance_report(y_true, y_pred)
    >>> print(report.loc[["fraud", "ok", "macro avg"], ["support", "recall"]])
              support  recall
    fraud           2   0.500
    ok              8   0.875
    macro avg      10   0.688
    >>> float(round(report.loc["G-mean", "score"], 3))
    0.661
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    sample_weight = check_sample_weight(sample_weight, len(y_true))
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    labels = np.asarray(labels)
    cm = confusion_matrix(y_true, y_pred, labels=labels, sample_weight=sample_weight)
    support = cm.sum(axis=1)
    absent = labels[support == 0].tolist()
    weighted = sample_weight is not None
    if absent:
        warnings.warn(
            f"Classes {absent!r} are absent from y_true{_OR_WEIGH_0[weighted]}: "
            "their recall and AP are reported as 0.",
            UndefinedScoreWarning,
            stacklevel=2,
        )
    rows = _class_rows(cm, y_true, y_pred, labels, y_score, sample_weight)
    order = np.argsort(support, kind="stable")
    table = rows.iloc[order]
    averages = pd.DataFrame(
        {
            "macro avg": table.drop(columns="support").mean(),
            "weighted avg": table.drop(columns="support").apply(
                lambda col: (
                    np.average(col, weights=support[order]) if support.sum() else np.nan
                )
            ),
        }
    ).T
    averages["support"] = support.sum()
    averages["share"] = 1.0
    present = labels[support > 0]
    overall = pd.DataFrame(
        {
            "score": [
                float(np.mean(np.diag(cm)[support > 0] / support[support > 0])),
                gmean_score(
                    y_true, y_pred, labels=present, sample_weight=sample_weight
                ),
                mcc_score(y_true, y_pred, sample_weight=sample_weight),
            ]
        },
        index=["balanced accuracy", "G-mean", "MCC"],
    )
    report = pd.concat([table, averages, overall])
    report = report[[*_CLASS_COLUMNS, "score"]]
    if y_score is None:
        report = report.drop(columns="ap")
    return ImbalanceReport(report)


def count_text(value):
    """A row count as an int; a sum of fractional row weights with 3 decimals."""
    return f"{int(value)}" if float(value).is_integer() else f"{value:.3f}"


def _support_text(value):
    return "" if pd.isna(value) else count_text(value)


_OR_WEIGH_0 = {False: "", True: " (or weigh 0)"}


def _class_rows(cm, y_true, y_pred, labels, y_score, sample_weight):
    n = cm.sum()
    tp = np.diag(cm).astype(float)
    support = cm.sum(axis=1).astype(float)
    predicted = cm.sum(axis=0).astype(float)
    negatives = n - support
    tn = n - support - predicted + tp
    with warnings.catch_warnings():
        # an absent class has warned above; its recall is reported as 0
        warnings.simplefilter("ignore")
        precision, recall, f1, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, zero_division=0, sample_weight=sample_weight
        )
        f2 = fbeta_score(
            y_true,
            y_pred,
            beta=2,
            labels=labels,
            average=None,
            zero_division=0,
            sample_weight=sample_weight,
        )
    specificity = np.divide(tn, negatives, out=np.zeros_like(tp), where=negatives > 0)
    rows = pd.DataFrame(
        {
            "support": support,
            "share": support / n if n else support,
            "precision": precision,
            "recall": recall,
            "specificity": specificity,
            "f1": f1,
            "f2": f2,
            "ap": _per_class_ap(y_true, labels, y_score, sample_weight),
        },
        index=pd.Index(labels.tolist()),
    )
    return rows


def _per_class_ap(y_true, labels, y_score, sample_weight):
    if y_score is None:
        return np.full(len(labels), np.nan)
    y_score = np.asarray(y_score, dtype=float)
    if y_score.ndim == 1 and len(labels) == 2:
        y_score = np.column_stack([-y_score, y_score])
    if y_score.shape != (len(y_true), len(labels)):
        raise ValueError(
            f"y_score must have shape (n_samples, n_classes) = "
            f"({len(y_true)}, {len(labels)}); got {y_score.shape}."
        )
    return np.array(
        [
            average_precision_score(
                y_true == label, y_score[:, k], sample_weight=sample_weight
            )
            if _weighs(y_true == label, sample_weight)
            else 0.0
            for k, label in enumerate(labels.tolist())
        ]
    )


def _weighs(rows, sample_weight):
    """Whether ``rows`` (a mask) holds a row of nonzero weight."""
    if sample_weight is None:
        return bool(np.any(rows))
    return bool(np.any(sample_weight[rows] > 0))
