"""ThresholdOptimizer: the decision rule tuned on out-of-fold predictions."""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils import check_random_state, get_tags
from sklearn.utils._param_validation import HasMethods, Interval, Options, StrOptions
from sklearn.utils.validation import check_is_fitted
from sklearn_compat.base import _fit_context

from .._delegation import delegated_if
from ..metrics import (
    OBJECTIVES,
    binary_objective_curve,
    class_scores,
    confusion_counts,
    confusion_objective,
    count_objective,
    example_cost_targets,
    minority_label,
)
from ..metrics._sweep import fbeta_of
from ..weights import check_sample_weight
from ._fbeta_bound import plug_in_below
from ._oof import (
    FoldEnsemble,
    RoutesFitToEstimator,
    check_meta_fit_input,
    check_takes_validation_data,
    inner_fit_params,
    out_of_fold_scores,
)
from ._rules import (
    Decision,
    best_of_sweep,
    cross_validated_rule,
    f_beta_bound_rule,
    midpoint,
    one_se_rule,
)

__all__ = ["ThresholdOptimizer"]

_CONSTRAINED = {
    "recall_at_precision": "min_precision",
    "precision_at_recall": "min_recall",
}
#: every objective ThresholdOptimizer takes by name
OBJECTIVE_NAMES = (*OBJECTIVES, *_CONSTRAINED, "cost", "example_cost")
_GRID_SIZE = 1000
_MAX_WEIGHT_CANDIDATES = 256
_MAX_ROUNDS = 10
_BOOTSTRAPS = 200


class ThresholdOptimizer(
    RoutesFitToEstimator, MetaEstimatorMixin, ClassifierMixin, BaseEstimator
):
    """Move a classifier's decision rule to the objective the user cares about.

    The rule is chosen on out-of-fold predictions, then the estimator is refit
    once on all the data. Binary problems get a threshold on the positive-class
    score, found by an exact sweep over every distinct score (one sort and
    cumulative counts). Multiclass problems get the rule
    ``argmax_k w_k p_k(x)``, with per-class weights found by coordinate ascent
    on the macro version of the objective, or the Bayes decision of a cost
    matrix.

    Parameters
    ----------
    estimator : classifier
        Any classifier or pipeline with ``predict_proba`` (or, binary only,
        ``decision_function``).
    objective : str or callable, default="f2"
        ``"f1"``, ``"f2"``, ``"fbeta"`` (with ``beta``), ``"balanced_accuracy"``,
        ``"gmean"``, ``"mcc"``, ``"youden"``; binary only:
        ``"recall_at_precision"`` (maximise recall with precision >=
        ``min_precision``), ``"precision_at_recall"`` (maximise precision with
        recall >= ``min_recall``); ``"cost"`` (minimise the expected cost of
        ``cost_matrix``); ``"example_cost"`` (binary: minimise costs that
        differ by row, given to ``fit`` as ``sample_cost``; ``best_score_`` is
        then the saving over flagging nothing, as a share of the most any
        rule could save or lose, see
        :func:`~skimb.metrics.example_cost_targets`); or a callable
        ``(y_true, y_pred) -> float``, which is
        evaluated on a grid of at most 1,000 candidate thresholds. With more
        than two classes a named objective is its macro average: ``"f2"`` is
        the mean over the classes of each class's F2 as the positive one, so
        every class counts alike, however rare.
    beta : float, default=1.0
        For ``"fbeta"``.
    min_precision, min_recall : float, default=None
        The bounds of the constrained objectives. When no threshold meets the
        bound, a warning is issued and the threshold that comes closest (the
        highest precision, or the highest recall) is used.
    cost_matrix : array-like of shape (n_classes, n_classes), default=None
        ``cost_matrix[i, j]``: the cost of predicting ``classes_[j]`` when the
        truth is ``classes_[i]``. Required by ``objective="cost"``.
    cv : int, float, splitter or "prefit", default=5
        Where the out-of-fold predictions come from: stratified k-fold (int),
        a splitter, one held-out fraction (float in (0, 1)), or ``"prefit"``
        (the estimator is fitted and the data given to ``fit`` only tunes the
        rule; the estimator is not refit).
    pos_label : label, default=None
        Positive class of a binary problem; ``None`` takes the minority class.
    refit : True or "folds", default=True
        The final model: ``True`` refits the estimator once on all the data;
        ``"folds"`` keeps the models of the cross-validation folds and averages
        their probabilities (no further fit; steadier for high-variance models
        such as networks); fold ``i``'s model then has ``i`` added to its int
        ``random_state`` parameters, so that the averaged models differ in
        more than their data. Ignored with ``cv="prefit"``.
    fold_validation : bool, default=False
        Give each fold's model its fold's held-out rows as ``validation_data``
        (an estimator that stops early on validation data, such as
        :class:`~skimb.neural.NetClassifier`, or a pipeline ending in one).
        Each fold's network then trains on all of the fold's training rows
        instead of losing a share to its own validation split, and picks its
        epoch on the rows whose predictions choose the threshold. With
        ``refit="folds"`` the final model is the average of these networks,
        so no network is fitted twice.
    prefer_default : "1se", "cv" or None, default="1se"
        Whether the tuned rule must earn its place against the estimator's
        own (binary: its threshold; multiclass: the argmax, i.e. all class
        weights one). ``"1se"`` keeps the estimator's own threshold (0.5 on
        probabilities, 0 on a decision function) unless the tuned one beats it
        on the out-of-fold predictions by more than one bootstrap standard
        error of the gain (Breiman's one-standard-error rule); with few
        positives the best threshold of one sample is mostly noise. The gain
        it tests is that of the threshold chosen on the same predictions, so
        it flatters the tuned one. ``"cv"`` measures the gain out of sample:
        for each fold, the threshold is chosen on the other folds'
        out-of-fold predictions and compared with the default on the fold's
        own; the tuned threshold is used only if the mean of these gains
        exceeds its standard error (see
        :func:`~skimb.decision.cross_validated_rule`). With a single set of
        predictions (a float ``cv``, a splitter that makes one split, or
        ``"prefit"``) there are no other folds to choose on, and ``"cv"``
        judges as ``"1se"`` does; ``rule_`` says which rule judged.
        ``None`` always takes the best threshold of the sweep. Multiclass
        rules are judged the same way, with the class weights in place of the
        threshold.
    f_beta_bound : False, "calibrated" or "balanced", default=False
        Binary, F-beta objectives (``"f1"``, ``"f2"``, ``"fbeta"``) only:
        leave a threshold that is too strict for any F-beta, whether it is
        the default that the ``prefer_default`` rule keeps or the tuned one
        it takes. The F-beta-optimal rule thresholds the posterior at ``F* /
        (1 + beta**2)``, never above ``1 / (1 + beta**2)`` (Lipton, Elkan and
        Narayanaswamy, ECML PKDD 2014, for F1); a threshold whose posterior
        exceeds that bound moves down to the plug-in threshold, the score
        whose posterior, calibrated on the out-of-fold predictions by Platt
        scaling, is the sweep's best F-beta over ``1 + beta**2``. A tuned
        threshold's posterior is the Platt estimate, which must exceed the
        bound significantly (one-sided, 5 % level). For the default:
        ``"balanced"``, for an estimator fitted with balanced class weights,
        takes its posterior to be the positive class's share of ``y`` (where
        such weights put it), so a class more common than the bound (a fifth
        of the rows for F2) moves (with ``sample_weight`` too: balanced
        weights count rows, NetClassifier's as scikit-learn's, which puts
        0.5 where the posterior of the weighted rows is the class's share of
        the rows); ``"calibrated"``, for any estimator, takes the Platt
        estimate, as for a tuned threshold. With ``sample_weight``, the Platt
        fit weights its rows, as the F-beta does. ``False`` keeps the
        threshold the rules chose. :func:`~skimb.make_imbalanced_pipeline`
        uses ``"balanced"``.
    random_state : int, RandomState instance or None, default=None
        Shuffles the folds of an int ``cv``, splits a float ``cv``, and seeds
        the bootstrap of ``prefer_default``.
    n_jobs : int, default=None
        Folds fitted in parallel.

    Attributes
    ----------
    estimator_ : classifier
        The estimator refit on all the data, the average of the fold models
        (``refit="folds"``), or the given one (``cv="prefit"``).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    threshold_ : float or None
        Binary: positive when the positive-class score is >= ``threshold_``
        (midway between the best candidate score and the next lower one).
    class_weights_ : ndarray of shape (n_classes,) or None
        Multiclass: the weights ``w`` of the rule ``argmax_k w_k p_k``.
    best_score_ : float
        The objective at the chosen rule on the out-of-fold predictions (for
        ``"cost"``, the negative mean cost).
    objective_curve_ : dict or None
        Binary: ``{"thresholds": ..., "scores": ...}`` over all candidates.
    fold_thresholds_ : ndarray or None
        Binary: the best threshold of each fold on its own; its spread
        (``threshold_std_``) shows how stable the choice is.
    threshold_std_ : float or None
        Standard deviation of ``fold_thresholds_``.
    default_threshold_ : float or None
        Binary: the estimator's own threshold.
    rule_ : "1se", "cv" or None
        The rule that judged the tuned decision: ``prefer_default``, or
        ``"1se"`` where ``"cv"`` had a single set of predictions.
    threshold_moved_ : bool
        Whether the tuned rule is used: binary, ``threshold_`` is the tuned
        one; multiclass, ``class_weights_`` are (False when the
        ``prefer_default`` rule kept the default).
    improvement_, improvement_se_ : float
        With ``prefer_default="1se"``: the out-of-fold gain of the tuned rule
        over the default, and its bootstrap standard error. With ``"cv"``:
        the mean of the per-fold held-out gains and its standard error. NaN
        with ``prefer_default=None``. For a multiclass ``"cost"`` objective:
        the out-of-fold cost saved by the Bayes decision over the argmax
        (its standard error NaN).
    decision_ : Decision
        The verdict as a whole: the rule chosen, its out-of-fold score,
        whether it moved, why, and the gain measured (see
        :class:`~skimb.decision.Decision`).
    decision_reason_ : str
        Which rule decided, with its numbers (``decision_.reason``), e.g.
        ``"cross-validated rule: no sure gain, default kept (...)"``;
        :class:`~skimb.metrics.ThresholdCurveDisplay` shows it as its title.
    f_beta_bound_moved_ : bool
        Binary: whether the threshold moved down because the kept default or
        the tuned threshold was above the F-beta bound (see
        ``f_beta_bound``).

    See Also
    --------
    sklearn.model_selection.TunedThresholdClassifierCV : Binary, grid-based.
    skimb.metrics.ThresholdCurveDisplay : Plots ``objective_curve_``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skimb.decision import ThresholdOptimizer
    >>> X, y = make_classification(500, weights=[0.9], random_state=0)
    >>> model = ThresholdOptimizer(LogisticRegression(), objective="f2",
    ...                            random_state=0).fit(X, y)
    >>> bool(0 < model.threshold_ < 0.5)
    True
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"])],
        "objective": [
            StrOptions(set(OBJECTIVE_NAMES)),
            callable,
        ],
        "beta": [Interval(numbers.Real, 0, None, closed="neither")],
        "min_precision": [Interval(numbers.Real, 0, 1, closed="both"), None],
        "min_recall": [Interval(numbers.Real, 0, 1, closed="both"), None],
        "cost_matrix": ["array-like", None],
        "cv": [
            "cv_object",
            StrOptions({"prefit"}),
            Interval(numbers.Real, 0, 1, closed="neither"),
        ],
        "pos_label": "no_validation",
        "refit": [Options(bool, {True}), StrOptions({"folds"})],
        "fold_validation": ["boolean"],
        "prefer_default": [StrOptions({"1se", "cv"}), None],
        "f_beta_bound": [
            Options(bool, {False}),
            StrOptions({"calibrated", "balanced"}),
        ],
        "random_state": ["random_state"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        estimator,
        *,
        objective="f2",
        beta=1.0,
        min_precision=None,
        min_recall=None,
        cost_matrix=None,
        cv=5,
        pos_label=None,
        refit=True,
        fold_validation=False,
        prefer_default="1se",
        f_beta_bound=False,
        random_state=None,
        n_jobs=None,
    ):
        self.estimator = estimator
        self.objective = objective
        self.beta = beta
        self.min_precision = min_precision
        self.min_recall = min_recall
        self.cost_matrix = cost_matrix
        self.cv = cv
        self.pos_label = pos_label
        self.refit = refit
        self.fold_validation = fold_validation
        self.prefer_default = prefer_default
        self.f_beta_bound = f_beta_bound
        self.random_state = random_state
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, sample_cost=None, **fit_params):
        """Choose the decision rule on out-of-fold predictions and refit.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training rows, passed to the estimator as given (a DataFrame stays one
            for a pipeline that selects its columns).
        y : array-like of shape (n_samples,)
            Class labels; the minority class is the positive one unless
            ``pos_label`` names another.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights. The sweep and the rules count each held-out row with
            its weight (integer weights choose the threshold of the rows
            repeated that many times), and each fold's estimator is fitted
            with its training rows' weights (its held-out rows' weights go to
            ``validation_data`` with ``fold_validation``). Without metadata
            routing they reach the estimator as ``sample_weight`` (a
            pipeline's last step); with routing enabled, where it requests
            them.
        sample_cost : array-like of shape (n_samples, 2, 2), default=None
            With ``objective="example_cost"``: each row's cost matrix,
            ``sample_cost[i, t, p]`` the cost of predicting class ``p`` for
            row ``i`` of class ``t`` (``classes_`` order), e.g. a missed
            fraud its amount and every alarm a fixed review cost. Not passed
            to the estimator.
        **fit_params : dict
            Passed to every fit of the estimator: the folds' and the refit;
            per-row arrays are cut to each fold's rows.

        Returns
        -------
        self : ThresholdOptimizer
            The fitted meta-estimator.
        """
        X, y, self.classes_ = check_meta_fit_input(self, X, y)
        sample_weight = check_sample_weight(sample_weight, len(y))
        self._check_objective()
        self._check_sample_cost(sample_cost, len(y))
        if self.fold_validation and not isinstance(self.cv, str):
            check_takes_validation_data(self.estimator)
        inner_params = inner_fit_params(self, sample_weight, fit_params)
        folds = out_of_fold_scores(
            self.estimator,
            X,
            y,
            self.classes_,
            self.cv,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
            fit_params=inner_params,
            validate_on_held_out=self.fold_validation,
            vary_seeds=self.refit == "folds",
            valid_weight=sample_weight,
        )
        if len(folds) == 1:
            rows, scores, _ = folds[0]
        else:
            rows = np.concatenate([idx for idx, _, _ in folds])
            scores = np.concatenate([s for _, s, _ in folds])
        self.rule_ = _rule_for(self.prefer_default, len(folds))
        if len(self.classes_) == 2:
            self._fit_binary(rows, scores, folds, y, sample_weight, sample_cost)
        else:
            self._fit_multiclass(rows, scores, folds, y, sample_weight)
        if self.cv == "prefit":
            self.estimator_ = self.estimator
        elif self.refit == "folds":
            self.estimator_ = FoldEnsemble([m for _, _, m in folds], self.classes_)
        else:
            self.estimator_ = clone(self.estimator).fit(X, y, **inner_params)
        return self

    # ------------------------------------------------------------------
    def _check_sample_cost(self, sample_cost, n_samples):
        if (self.objective == "example_cost") != (sample_cost is not None):
            raise ValueError(
                "objective='example_cost' and fit's sample_cost go together: "
                f"objective={self.objective!r} with sample_cost "
                f"{'given' if sample_cost is not None else 'missing'}."
            )
        if sample_cost is not None and len(sample_cost) != n_samples:
            raise ValueError(
                f"sample_cost must have one cost matrix per row ({n_samples}); got "
                f"{len(sample_cost)}."
            )

    def _check_objective(self):
        objective = self.objective
        if callable(objective):
            return
        if objective == "cost":
            matrix = np.asarray(self.cost_matrix, dtype=float)
            k = len(self.classes_)
            if self.cost_matrix is None or matrix.shape != (k, k):
                raise ValueError(
                    f"objective='cost' needs a cost_matrix of shape ({k}, {k}), "
                    f"one row and column per class; got "
                    f"{None if self.cost_matrix is None else matrix.shape}."
                )
            if not np.isfinite(matrix).all():
                raise ValueError("cost_matrix must hold finite numbers.")
            return
        if objective == "example_cost" and len(self.classes_) > 2:
            raise ValueError(
                f"objective='example_cost' is binary only; this y has "
                f"{len(self.classes_)} classes."
            )
        if objective in _CONSTRAINED:
            if len(self.classes_) > 2:
                raise ValueError(
                    f"objective={objective!r} is binary only; this y has "
                    f"{len(self.classes_)} classes."
                )
            bound = _CONSTRAINED[objective]
            if getattr(self, bound) is None:
                raise ValueError(f"objective={objective!r} needs {bound}.")
        if len(self.classes_) > 2:
            confusion_objective(objective, beta=self.beta)

    def _positive_index(self, y):
        pos = (
            minority_label(y, self.classes_)
            if self.pos_label is None
            else self.pos_label
        )
        if pos not in self.classes_:
            raise ValueError(
                f"pos_label={pos!r} is not a class of y: {self.classes_.tolist()!r}."
            )
        return int(np.flatnonzero(self.classes_ == pos)[0])

    def _binary_curve(self, positive, score, sample_weight=None):
        if callable(self.objective):
            return self._grid_curve(positive, score, sample_weight)
        return binary_objective_curve(
            positive, score, self._count_objective(), sample_weight=sample_weight
        )

    def _grid_curve(self, positive, score, sample_weight=None):
        distinct = np.unique(score)[::-1]
        if len(distinct) > _GRID_SIZE:
            distinct = np.quantile(score, np.linspace(1, 0, _GRID_SIZE))
        thresholds = np.r_[np.inf, distinct]
        values = np.array(
            [
                self._objective_value(positive, score >= t, sample_weight)
                for t in thresholds
            ]
        )
        return thresholds, values

    def _best_threshold(self, thresholds, values, positive, score, sample_weight=None):
        """The sweep's best threshold, or the most precise one when a
        precision bound is out of reach."""
        if not np.all(np.isneginf(values)):
            return best_of_sweep(thresholds, values)
        # only a precision bound can be out of reach (recall 1 is always
        # reachable); fall back to the most precise threshold
        warnings.warn(
            f"No threshold reaches min_precision={self.min_precision} on the "
            "out-of-fold predictions; using the threshold with the highest "
            "precision instead.",
            UserWarning,
            stacklevel=4,
        )
        precision = count_objective("precision_at_recall", min_recall=0.0)
        _, precisions = binary_objective_curve(
            positive, score, precision, sample_weight=sample_weight
        )
        return Decision(
            threshold=midpoint(thresholds, int(np.argmax(precisions))),
            score=-np.inf,
            moved=True,
            reason=f"no threshold reaches min_precision={self.min_precision}: "
            "the most precise one",
        )

    def _fit_binary(self, rows, scores, folds, y, sample_weight, sample_cost=None):
        """The threshold: sweep, then the default-preferring rule, then the bound.

        ``sample_weight`` holds the weights of all the rows (or None); each
        set of held-out predictions is counted with its rows' weights.
        """
        self._pos_index_ = self._positive_index(y)
        self.class_weights_ = None
        is_positive = y == self.classes_[self._pos_index_]
        if sample_cost is not None:
            # flagging a row is right where it saves money, by that much
            is_positive, sample_weight = example_cost_targets(
                is_positive, self._cost_in_class_order(sample_cost), sample_weight
            )
        positive = is_positive[rows]
        score = scores[:, self._pos_index_]
        w = _rows(sample_weight, rows)
        default = 0.5 if self._scores_are_probabilities() else 0.0
        fold_data = [
            (
                is_positive[idx],
                fold_scores[:, self._pos_index_],
                _rows(sample_weight, idx),
            )
            for idx, fold_scores, _ in folds
        ]
        thresholds, values = self._binary_curve(positive, score, w)

        decision = self._best_threshold(thresholds, values, positive, score, w)
        at_default = self._objective_value(positive, score >= default, w)
        if self.rule_ == "1se":
            gains = self._bootstrap_gains(
                positive, score >= decision.threshold, score >= default, w
            )
            decision = one_se_rule(decision, default, at_default, gains)
        elif self.rule_ == "cv":
            gains = [
                self._held_out_gain(
                    fold_data[:k] + fold_data[k + 1 :], *fold_data[k], default
                )
                for k in range(len(fold_data))
            ]
            decision = cross_validated_rule(decision, default, at_default, gains)
        if self.f_beta_bound:
            plug_in = self._plug_in_threshold(positive, score, values, decision, w)
            plug_in_score = (
                None
                if plug_in is None
                else self._objective_value(positive, score >= plug_in, w)
            )
            bounded = f_beta_bound_rule(decision, plug_in, plug_in_score)
            self.f_beta_bound_moved_ = bounded is not decision
            decision = bounded
        else:
            self.f_beta_bound_moved_ = False

        self.threshold_ = decision.threshold
        self._set_decision(decision)
        self.default_threshold_ = default
        self.objective_curve_ = {"thresholds": thresholds, "scores": values}
        fold_thresholds = [self.threshold_]
        if len(folds) > 1:
            fold_thresholds = [
                self._quiet_threshold(p, s, fw) for p, s, fw in fold_data
            ]
        self.fold_thresholds_ = np.array(fold_thresholds)
        finite = self.fold_thresholds_[np.isfinite(self.fold_thresholds_)]
        self.threshold_std_ = float(np.std(finite)) if len(finite) else 0.0

    def _cost_in_class_order(self, sample_cost):
        """Per-row cost matrices reordered to (negative, positive)."""
        order = [1 - self._pos_index_, self._pos_index_]
        cost = np.asarray(sample_cost, dtype=float)
        if cost.ndim != 3 or cost.shape[1:] != (2, 2):
            raise ValueError(
                "sample_cost must hold one 2 x 2 cost matrix per row, shape "
                f"(n_samples, 2, 2); got {cost.shape}."
            )
        return cost[:, order][:, :, order]

    def _count_objective(self):
        if self.objective == "example_cost":
            return count_objective("net_benefit")
        if self.objective == "cost":
            c = np.asarray(self.cost_matrix, dtype=float)
            order = [1 - self._pos_index_, self._pos_index_]
            return count_objective("cost", cost_matrix=c[np.ix_(order, order)])
        return count_objective(
            self.objective,
            beta=self.beta,
            min_precision=self.min_precision,
            min_recall=self.min_recall,
        )

    def _bootstrap_rng(self):
        """The generator of the bootstrap replicates, drawn from random_state."""
        return np.random.default_rng(
            check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        )

    def _bootstrap_gains(self, positive, tuned, default, sample_weight=None):
        """Bootstrap replicates of the tuned rule's gain over the default."""
        rng = self._bootstrap_rng()
        if callable(self.objective) or sample_weight is not None:
            return _bootstrap_rows(
                lambda p, predicted, w: self._objective_value(p, predicted, w),
                positive,
                tuned,
                default,
                rng,
                sample_weight,
            )
        return _bootstrap_cells(self._count_objective(), positive, tuned, default, rng)

    def _scores_are_probabilities(self):
        """Whether the scores are ``predict_proba``'s (else decision values)."""
        return hasattr(self.estimator, "predict_proba")

    def _plug_in_threshold(self, positive, score, values, decision, sample_weight=None):
        """The plug-in threshold when the decision's lies above every F-beta optimum.

        With the scores calibrated on the out-of-fold predictions (Platt
        scaling), a threshold whose posterior exceeds ``1 / (1 + beta**2)`` is
        above every F-beta-optimal threshold; the plug-in threshold is the
        score whose posterior is ``F / (1 + beta**2)`` with ``F`` the sweep's
        best F-beta (see ``_fbeta_bound``). With ``f_beta_bound="balanced"``
        a kept default's posterior is taken to be the positive class's share
        of the rows, where balanced class weights put it; a tuned
        threshold's is always the Platt estimate, fitted on the weighted
        rows. None when the objective is no F-beta or the threshold is not
        too strict.
        """
        if callable(self.objective):
            return None
        beta = fbeta_of(self.objective, self.beta)
        if beta is None:
            return None
        balanced_default = self.f_beta_bound == "balanced" and not decision.moved
        return plug_in_below(
            positive,
            score,
            beta=beta,
            threshold=decision.threshold,
            best_value=float(np.max(values)),
            is_proba=self._scores_are_probabilities(),
            # balanced class weights put the default at the class's share
            posterior=float(positive.mean()) if balanced_default else None,
            sample_weight=sample_weight,
        )

    def _quiet_threshold(self, positive, score, sample_weight=None):
        """The best threshold on some predictions, without the warning of an
        unreachable bound (the caller's own choice has warned already)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            t, v = self._binary_curve(positive, score, sample_weight)
            return self._best_threshold(t, v, positive, score, sample_weight).threshold

    def _held_out_gain(self, choosing, held_positive, held_score, held_weight, default):
        """The gain on one fold of the threshold chosen on the others."""
        weights = [w for _, _, w in choosing]
        threshold = self._quiet_threshold(
            np.concatenate([p for p, _, _ in choosing]),
            np.concatenate([s for _, s, _ in choosing]),
            None if held_weight is None else np.concatenate(weights),
        )
        tuned = self._objective_value(
            held_positive, held_score >= threshold, held_weight
        )
        at_default = self._objective_value(
            held_positive, held_score >= default, held_weight
        )
        if np.isneginf(tuned) and np.isneginf(at_default):
            return 0.0
        return tuned - at_default

    def _objective_value(self, positive, predicted, sample_weight=None):
        if callable(self.objective):
            if sample_weight is None:
                return float(self.objective(positive, predicted))
            return float(
                self.objective(positive, predicted, sample_weight=sample_weight)
            )
        (tn, fp), (fn, tp) = confusion_counts(positive, predicted, 2, sample_weight)
        return float(self._count_objective()(tp, fp, tn, fn))

    def _fit_multiclass(self, rows, proba, folds, y, sample_weight):
        """Class weights: coordinate ascent, then the default-preferring rule."""
        self.threshold_ = None
        self.default_threshold_ = None
        self.objective_curve_ = None
        self.fold_thresholds_ = None
        self.threshold_std_ = None
        self.f_beta_bound_moved_ = False
        y_idx = np.searchsorted(self.classes_, y[rows])
        w = _rows(sample_weight, rows)
        argmax = np.argmax(proba, axis=1)
        if self.objective == "cost":
            self.class_weights_ = None
            cost = np.asarray(self.cost_matrix, dtype=float)
            pred = self._bayes_decision(proba)
            score = -float(np.average(cost[y_idx, pred], weights=w))
            gain = score + float(np.average(cost[y_idx, argmax], weights=w))
            decision = Decision(
                None,
                score,
                True,
                "the Bayes decision of cost_matrix (no rule: nothing is tuned)",
                improvement=gain,
                improvement_se=float("nan"),
            )
            self._set_decision(decision)
            return
        score = self._multiclass_score_function(y_idx, w)
        weights, best = _coordinate_ascent(proba, score)
        decision = Decision(
            None, best, True, "the best class weights of the out-of-fold predictions"
        )
        at_default = score(argmax)
        if self.rule_ == "1se":
            tuned_pred = np.argmax(proba * weights, axis=1)
            gains = _bootstrap_rows(
                lambda t, predicted, rw: self._multiclass_score_function(t, rw)(
                    predicted
                ),
                y_idx,
                tuned_pred,
                argmax,
                self._bootstrap_rng(),
                w,
            )
            decision = one_se_rule(decision, None, at_default, gains)
        elif self.rule_ == "cv":
            gains = self._multiclass_held_out_gains(folds, y, sample_weight)
            decision = cross_validated_rule(decision, None, at_default, gains)
        self.class_weights_ = weights if decision.moved else np.ones(len(weights))
        self._set_decision(decision)

    def _set_decision(self, decision):
        self.decision_ = decision
        self.best_score_ = decision.score
        self.threshold_moved_ = decision.moved
        self.decision_reason_ = decision.reason
        self.improvement_ = decision.improvement
        self.improvement_se_ = decision.improvement_se

    def _multiclass_held_out_gains(self, folds, y, sample_weight):
        """Each fold's gain of the weights chosen on the other folds over argmax."""
        if len(folds) < 2:
            return []
        labelled = [
            (np.searchsorted(self.classes_, y[idx]), p, _rows(sample_weight, idx))
            for idx, p, _ in folds
        ]
        gains = []
        for k, (held_y, held_proba, held_w) in enumerate(labelled):
            others = labelled[:k] + labelled[k + 1 :]
            other_w = (
                None if held_w is None else np.concatenate([w for *_, w in others])
            )
            weights, _ = _coordinate_ascent(
                np.concatenate([p for _, p, _ in others]),
                self._multiclass_score_function(
                    np.concatenate([t for t, _, _ in others]), other_w
                ),
            )
            score = self._multiclass_score_function(held_y, held_w)
            gains.append(
                score(np.argmax(held_proba * weights, axis=1))
                - score(np.argmax(held_proba, axis=1))
            )
        return gains

    def _multiclass_score_function(self, y_idx, sample_weight=None):
        k = len(self.classes_)
        if callable(self.objective):
            classes = self.classes_
            weight = {} if sample_weight is None else {"sample_weight": sample_weight}
            return lambda pred: float(
                self.objective(classes[y_idx], classes[pred], **weight)
            )
        by_cm = confusion_objective(self.objective, beta=self.beta)
        return lambda pred: by_cm(confusion_counts(y_idx, pred, k, sample_weight))

    def _bayes_decision(self, proba):
        cost = np.asarray(self.cost_matrix, dtype=float)
        return np.argmin(proba @ cost, axis=1)

    # ------------------------------------------------------------------
    @delegated_if("predict_proba")
    def predict_proba(self, X):
        """Probabilities of the refit estimator, unchanged by the tuned rule.

        Parameters
        ----------
        X : array-like
            Rows to score, in the form the estimator takes.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            As ``estimator_.predict_proba``.
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def decision_function(self, X):
        """Scores the rule is applied to (binary: the positive-class score).

        Parameters
        ----------
        X : array-like
            Rows whose distance to the decision rule is wanted.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Binary: the positive-class score minus ``threshold_``, signed so
            that a positive value means ``classes_[1]`` (scikit-learn's
            convention); multiclass: the weighted scores.
        """
        check_is_fitted(self)
        scores = class_scores(self.estimator_, X, self.classes_)
        if len(self.classes_) == 2:
            margin = scores[:, self._pos_index_] - self.threshold_
            return margin if self._pos_index_ == 1 else -margin
        if self.class_weights_ is None:
            return -(scores @ np.asarray(self.cost_matrix, dtype=float))
        return scores * self.class_weights_

    def predict(self, X):
        """Labels from the tuned rule.

        Parameters
        ----------
        X : array-like
            Rows to classify.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_``: the positive class where the score reaches
            ``threshold_`` (binary), the class of the largest weighted score or the
            least expected cost (multiclass).
        """
        check_is_fitted(self)
        if len(self.classes_) == 2:
            score = class_scores(self.estimator_, X, self.classes_)[:, self._pos_index_]
            positive = score >= self.threshold_
            return np.where(
                positive,
                self.classes_[self._pos_index_],
                self.classes_[1 - self._pos_index_],
            )
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags = inner.input_tags
        return tags


def _rule_for(prefer_default, n_folds):
    """The rule that judges the tuned decision: ``"cv"`` needs two folds to
    choose on one and measure on another; one set of predictions falls back
    to the bootstrap rule."""
    if prefer_default == "cv" and n_folds < 2:
        return "1se"
    return prefer_default


def _bootstrap_rows(value, positive, tuned, default, rng, sample_weight=None):
    """Bootstrap gains of the tuned rule over the default: rows are resampled
    (with their weights), ``value(positive, predicted, weights)`` scores a rule."""
    gains = []
    for _ in range(_BOOTSTRAPS):
        rows = rng.integers(len(positive), size=len(positive))
        w = _rows(sample_weight, rows)
        gains.append(
            value(positive[rows], tuned[rows], w)
            - value(positive[rows], default[rows], w)
        )
    return np.array(gains)


def _rows(values, rows):
    """``values[rows]``, or None for no values."""
    return None if values is None else values[rows]


# cell index = 4 * positive + 2 * tuned + default; the cells each rule counts as
# (tp, fp, tn, fn)
_TUNED_CELLS = ([6, 7], [2, 3], [0, 1], [4, 5])
_DEFAULT_CELLS = ([5, 7], [1, 3], [0, 2], [4, 6])


def _bootstrap_cells(objective, positive, tuned, default, rng):
    """As :func:`_bootstrap_rows` for a count objective, in O(bootstraps).

    A count objective only sees how many rows fall in each of the eight cells
    (positive?, tuned rule positive?, default rule positive?), and resampling n
    rows with replacement draws those cell counts from a multinomial, so the
    bootstrap draws cell counts instead of rows.
    """
    cells = 4 * positive.astype(int) + 2 * tuned.astype(int) + default.astype(int)
    counts = np.bincount(cells, minlength=8)
    n = counts.sum()

    def value(cell_counts, rule):
        return objective(*(cell_counts[..., idx].sum(axis=-1) for idx in rule))

    draws = rng.multinomial(n, counts / n, size=_BOOTSTRAPS).astype(float)
    with np.errstate(invalid="ignore"):
        # a constraint failed by both rules in a draw: -inf - -inf is NaN
        return value(draws, _TUNED_CELLS) - value(draws, _DEFAULT_CELLS)


def _coordinate_ascent(proba, score):
    """Per-class weights of argmax_k w_k p_k maximising ``score(pred)``.

    For one class k with the others fixed, sample i goes to k exactly when
    w_k >= max_{j != k} w_j p_ij / p_ik, so the breakpoints of that ratio are
    the only weights worth trying; each pass tries them (a quantile subset
    when there are many) for every class in turn.
    """
    n, k = proba.shape
    proba = np.clip(proba, 1e-12, None)
    weights = np.ones(k)
    best = score(np.argmax(proba, axis=1))
    for _ in range(_MAX_ROUNDS):
        improved = False
        for c in range(k):
            weighted = proba * weights
            others = np.delete(weighted, c, axis=1)
            rival = others.max(axis=1)
            rival_class = np.delete(np.arange(k), c)[others.argmax(axis=1)]
            ratios = np.unique(rival / proba[:, c])
            if len(ratios) > _MAX_WEIGHT_CANDIDATES:
                ratios = np.quantile(ratios, np.linspace(0, 1, _MAX_WEIGHT_CANDIDATES))
            # midway (geometrically) between breakpoints, plus both ends
            candidates = np.r_[
                ratios[0] / 2, np.sqrt(ratios[:-1] * ratios[1:]), ratios[-1] * 2
            ]
            for w in candidates:
                pred = np.where(w * proba[:, c] >= rival, c, rival_class)
                value = score(pred)
                if value > best + 1e-12:
                    best, weights[c], improved = value, w, True
        if not improved:
            break
    return weights / weights.max(), float(best)
