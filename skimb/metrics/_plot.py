"""Display classes, in scikit-learn's style, for what scikit-learn lacks."""

import textwrap

import numpy as np
from sklearn.metrics import (
    PrecisionRecallDisplay,
    average_precision_score,
    precision_recall_curve,
)

from ..weights import check_sample_weight
from ._report import count_text
from ._response import class_scores
from ._scores import _inferred_positive, minority_label
from ._sweep import binary_objective_curve, count_objective

__all__ = [
    "PerClassRecallDisplay",
    "PrecisionRecallIsoDisplay",
    "ThresholdCurveDisplay",
]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


class ThresholdCurveDisplay:
    """The objective against the decision threshold, the chosen one marked.

    Parameters
    ----------
    thresholds : ndarray
        Candidate thresholds.
    scores : ndarray
        Objective value at each threshold.
    best_threshold : float
        The threshold chosen.
    objective_name : str, default="objective"
        Y-axis label.
    reason : str, default=None
        Why ``best_threshold`` was chosen (a ThresholdOptimizer's
        ``decision_reason_``), shown as the title. When it is given and the
        chosen threshold is not the curve's peak, the peak is marked too.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The curve.
    marker_ : matplotlib Line2D
        The vertical line at ``best_threshold``.
    peak_marker_ : matplotlib Line2D or None
        The point at the curve's peak, when the chosen threshold is elsewhere
        and a ``reason`` says why.
    ax_, figure_ : matplotlib Axes and Figure
        Where it is drawn, once plotted.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skimb.metrics import ThresholdCurveDisplay
    >>> disp = ThresholdCurveDisplay.from_predictions(
    ...     [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], objective="f2")
    >>> disp.best_threshold
    0.35
    """

    def __init__(
        self,
        thresholds,
        scores,
        best_threshold,
        objective_name="objective",
        reason=None,
    ):
        self.thresholds = thresholds
        self.scores = scores
        self.best_threshold = best_threshold
        self.objective_name = objective_name
        self.reason = reason

    def plot(self, ax=None, **line_kwargs):
        """Draw the curve and the marker.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        **line_kwargs : dict
            Passed to ``ax.plot`` for the curve.

        Returns
        -------
        display : ThresholdCurveDisplay
            With ``ax_``, ``figure_``, ``line_`` and ``marker_`` set.
        """
        ax = _axes(ax)
        finite = np.isfinite(self.thresholds) & np.isfinite(self.scores)
        (self.line_,) = ax.plot(
            self.thresholds[finite],
            self.scores[finite],
            **{"label": self.objective_name, **line_kwargs},
        )
        self.marker_ = ax.axvline(
            self.best_threshold,
            color="black",
            linestyle="--",
            label=f"chosen threshold = {self.best_threshold:.3g}",
        )
        self.peak_marker_ = None
        if self.reason is not None:
            self._mark_peak_and_reason(ax, finite)
        ax.set_xlabel("decision threshold")
        ax.set_ylabel(self.objective_name)
        ax.legend(loc="best")
        self.ax_, self.figure_ = ax, ax.figure
        return self

    def _mark_peak_and_reason(self, ax, finite):
        """Title the plot with the rule's verdict; mark a peak it passed over."""
        ax.set_title(textwrap.fill(self.reason, 70), fontsize="small")
        thresholds, scores = self.thresholds[finite], self.scores[finite]
        if not len(scores):
            return
        peak = int(np.argmax(scores))
        # a threshold between candidates predicts as the candidate above it
        at_or_above = np.flatnonzero(thresholds >= self.best_threshold)
        chosen = at_or_above[-1] if len(at_or_above) else 0
        if scores[peak] > scores[chosen]:
            (self.peak_marker_,) = ax.plot(
                thresholds[peak],
                scores[peak],
                "o",
                color="tab:red",
                label=f"peak of the sweep = {thresholds[peak]:.3g}",
            )

    @classmethod
    def from_predictions(
        cls,
        y_true,
        y_score,
        *,
        objective="f2",
        pos_label=None,
        sample_weight=None,
        ax=None,
        **kwargs,
    ):
        """Sweep a named objective over the scores of a binary problem and plot it.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True labels.
        y_score : array-like of shape (n_samples,)
            Positive-class scores.
        objective : str, default="f2"
            A name accepted by :func:`skimb.metrics.count_objective`.
        pos_label : label, default=None
            Positive class; the minority of ``y_true`` by default.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: the counts are sums of weights.
        ax : matplotlib Axes, default=None
            The Axes to draw the new display on.
        **kwargs : dict
            Objective parameters (``beta``, ``min_precision``, ...).

        Returns
        -------
        display : ThresholdCurveDisplay
            A new display, drawn from the predictions.
        """
        y_true = np.asarray(y_true)
        pos = _inferred_positive(y_true, None) if pos_label is None else pos_label
        thresholds, scores = binary_objective_curve(
            y_true == pos,
            y_score,
            count_objective(objective, **kwargs),
            sample_weight=check_sample_weight(sample_weight, len(y_true)),
        )
        best = thresholds[int(np.argmax(scores))]
        return cls(thresholds, scores, float(best), objective).plot(ax=ax)

    @classmethod
    def from_estimator(cls, estimator, *, ax=None):
        """Plot the curve stored by a fitted binary ``ThresholdOptimizer``.

        Parameters
        ----------
        estimator : fitted ThresholdOptimizer
            Any estimator with ``objective_curve_`` (a dict with ``thresholds``
            and ``scores``), ``threshold_`` and ``objective``.
        ax : matplotlib Axes, default=None
            The Axes to draw on; a new figure when None.

        Returns
        -------
        display : ThresholdCurveDisplay
            A new display of the estimator's predictions, drawn.
        """
        curve = getattr(estimator, "objective_curve_", None)
        if curve is None or getattr(estimator, "threshold_", None) is None:
            raise ValueError(
                "from_estimator needs a fitted binary ThresholdOptimizer (with "
                f"objective_curve_ and threshold_); got {type(estimator).__name__}."
            )
        name = (
            estimator.objective if isinstance(estimator.objective, str) else "objective"
        )
        return cls(
            np.asarray(curve["thresholds"]),
            np.asarray(curve["scores"]),
            float(estimator.threshold_),
            name,
            reason=getattr(estimator, "decision_reason_", None),
        ).plot(ax=ax)


class PrecisionRecallIsoDisplay:
    """Precision-recall curve over iso-F-beta contours (F2 by default).

    The curve is scikit-learn's ``PrecisionRecallDisplay``; the grey contours
    join the points of equal F-beta, so the reader sees which operating point
    an F2 threshold would pick.

    Parameters
    ----------
    precision, recall : ndarray
        The curve.
    average_precision : float, default=None
        Shown in the legend.
    beta : float, default=2.0
        The F-beta of the contours.
    levels : sequence of float, default=(0.2, 0.4, 0.6, 0.8)
        F-beta values of the contours.

    Attributes
    ----------
    curve_display_ : sklearn.metrics.PrecisionRecallDisplay
        The curve.
    iso_lines_ : list of matplotlib Line2D
        One per level.
    ax_, figure_ : matplotlib Axes and Figure
        The Axes and Figure of the last plot.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skimb.metrics import PrecisionRecallIsoDisplay
    >>> disp = PrecisionRecallIsoDisplay.from_predictions(
    ...     [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> len(disp.iso_lines_)
    4
    """

    def __init__(
        self,
        precision,
        recall,
        *,
        average_precision=None,
        beta=2.0,
        levels=(0.2, 0.4, 0.6, 0.8),
    ):
        self.precision = precision
        self.recall = recall
        self.average_precision = average_precision
        self.beta = beta
        self.levels = levels

    def plot(self, ax=None, name=None):
        """Draw the contours and the curve.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        name : str, default=None
            Legend name of the curve.

        Returns
        -------
        display : PrecisionRecallIsoDisplay
            This display, drawn (``ax_`` and ``figure_`` set).
        """
        ax = _axes(ax)
        b2 = self.beta**2
        recall = np.linspace(0.01, 1, 200)
        self.iso_lines_ = []
        for level in self.levels:
            # F = (1+b2) P R / (b2 P + R)  =>  P = F R / ((1+b2) R - F b2)
            denom = (1 + b2) * recall - level * b2
            keep = denom > 0
            precision = level * recall[keep] / denom[keep]
            keep_p = precision <= 1
            (line,) = ax.plot(
                recall[keep][keep_p], precision[keep_p], color="grey", alpha=0.4
            )
            ax.annotate(f"F{self.beta:g}={level:g}", xy=(0.92, precision[keep_p][-1]))
            self.iso_lines_.append(line)
        self.curve_display_ = PrecisionRecallDisplay(
            precision=self.precision,
            recall=self.recall,
            average_precision=self.average_precision,
            name=name,
        ).plot(ax=ax)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    def from_predictions(
        cls,
        y_true,
        y_score,
        *,
        pos_label=None,
        beta=2.0,
        sample_weight=None,
        name=None,
        ax=None,
    ):
        """Compute the curve from scores and draw it.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True labels, of two classes.
        y_score : array-like of shape (n_samples,)
            Positive-class scores.
        pos_label : label, default=None
            Positive class; the minority of ``y_true`` by default.
        beta : float, default=2.0
            F-beta of the contours.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: the counts are sums of weights.
        name : str, default=None
            Legend name.
        ax : matplotlib Axes, default=None
            The Axes to draw the new display on.

        Returns
        -------
        display : PrecisionRecallIsoDisplay
            A new display, drawn from the predictions.
        """
        y_true = np.asarray(y_true)
        pos = _inferred_positive(y_true, None) if pos_label is None else pos_label
        weight = check_sample_weight(sample_weight, len(y_true))
        precision, recall, _ = precision_recall_curve(
            y_true == pos, y_score, sample_weight=weight
        )
        ap = average_precision_score(y_true == pos, y_score, sample_weight=weight)
        return cls(precision, recall, average_precision=ap, beta=beta).plot(
            ax=ax, name=name
        )

    @classmethod
    def from_estimator(
        cls, estimator, X, y, *, pos_label=None, beta=2.0, sample_weight=None, ax=None
    ):
        """Score ``X`` with a fitted binary classifier and draw its curve.

        Parameters
        ----------
        estimator : fitted classifier
            With ``predict_proba`` (or ``decision_function``) and ``classes_``.
        X : array-like
            Features.
        y : array-like
            True labels.
        pos_label : label, default=None
            Positive class; the minority of ``y`` by default.
        beta : float, default=2.0
            F-beta of the contours.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: the counts are sums of weights.
        ax : matplotlib Axes, default=None
            The Axes to draw on; a new figure when None.

        Returns
        -------
        display : PrecisionRecallIsoDisplay
            A new display of the estimator's predictions, drawn.
        """
        y = np.asarray(y)
        pos = minority_label(y, estimator.classes_) if pos_label is None else pos_label
        score = class_scores(estimator, X)[:, list(estimator.classes_).index(pos)]
        return cls.from_predictions(
            y,
            score,
            pos_label=pos,
            beta=beta,
            sample_weight=sample_weight,
            name=type(estimator).__name__,
            ax=ax,
        )


class PerClassRecallDisplay:
    """Bar chart of the recall of each class, smallest class first.

    Parameters
    ----------
    recalls : ndarray
        Recall per class.
    labels : ndarray
        Class labels.
    supports : ndarray
        Samples per class, or their summed weights (printed on the bars).

    Attributes
    ----------
    bars_ : matplotlib BarContainer
        The bars.
    ax_, figure_ : matplotlib Axes and Figure
        Where it is drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skimb.metrics import PerClassRecallDisplay
    >>> disp = PerClassRecallDisplay.from_predictions(["a", "a", "b"], ["a", "b", "b"])
    >>> [float(b.get_height()) for b in disp.bars_]
    [1.0, 0.5]
    """

    def __init__(self, recalls, labels, supports):
        self.recalls = recalls
        self.labels = labels
        self.supports = supports

    def plot(self, ax=None, **bar_kwargs):
        """Draw the bars.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            The Axes of the bar chart; a new figure when None.
        **bar_kwargs : dict
            Passed to ``ax.bar`` (colours, widths).

        Returns
        -------
        display : PerClassRecallDisplay
            This display, drawn (``ax_`` and ``figure_`` set).
        """
        ax = _axes(ax)
        names = [str(label) for label in self.labels]
        self.bars_ = ax.bar(names, self.recalls, **bar_kwargs)
        for bar, n in zip(self.bars_, self.supports):
            ax.annotate(
                f"n={count_text(n)}",
                xy=(bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
            )
        ax.set_ylim(0, 1.1)
        ax.set_xlabel("class")
        ax.set_ylabel("recall")
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    def from_predictions(
        cls, y_true, y_pred, *, labels=None, sample_weight=None, ax=None
    ):
        """Compute per-class recall from labels and draw it.

        Parameters
        ----------
        y_true, y_pred : array-like of shape (n_samples,)
            True and predicted labels.
        labels : array-like, default=None
            The classes; default those of ``y_true``.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: supports are sums of weights, recalls weighted means.
        ax : matplotlib Axes, default=None
            The Axes to draw the new display on.

        Returns
        -------
        display : PerClassRecallDisplay
            A new display, drawn from the predictions.
        """
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        labels = np.unique(y_true) if labels is None else np.asarray(labels)
        weight = check_sample_weight(sample_weight, len(y_true))
        if weight is None:
            weight = np.ones(len(y_true))
        supports = np.array([weight[y_true == c].sum() for c in labels])
        recalls = np.array(
            [
                weight[(y_true == c) & (y_pred == c)].sum() / n if n else 0.0
                for c, n in zip(labels, supports)
            ]
        )
        order = np.argsort(supports, kind="stable")
        return cls(recalls[order], labels[order], supports[order]).plot(ax=ax)

    @classmethod
    def from_estimator(cls, estimator, X, y, *, sample_weight=None, ax=None):
        """Predict ``X`` with a fitted classifier and draw per-class recall.

        Parameters
        ----------
        estimator : fitted classifier
            With ``predict`` and ``classes_``.
        X : array-like
            Features.
        y : array-like
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: supports are sums of weights, recalls weighted means.
        ax : matplotlib Axes, default=None
            The Axes to draw on; a new figure when None.

        Returns
        -------
        display : PerClassRecallDisplay
            A new display of the estimator's predictions, drawn.
        """
        return cls.from_predictions(
            y,
            estimator.predict(X),
            labels=getattr(estimator, "classes_", None),
            sample_weight=sample_weight,
            ax=ax,
        )
