"""PriorCorrector: probabilities back on the true (or a new) class prior."""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted
from sklearn_compat.base import _fit_context

from .._delegation import delegated_if
from ..metrics import class_scores
from ..weights import (
    check_sample_weight,
    plain_label,
    proportions,
    values_by_label,
)
from ._oof import (
    RoutesFitToEstimator,
    check_meta_fit_input,
    inner_fit_params,
    out_of_fold_scores,
)

__all__ = ["PriorCorrector", "adjust_to_prior", "em_prior"]

_EPS = 1e-12


def adjust_to_prior(proba, from_prior, to_prior):
    """Move posteriors from one class prior to another (Saerens et al. 2002).

    ``p_new(k | x)`` is proportional to ``(to_k / from_k) p(k | x)``. With
    ``from_prior`` the balanced prior of an undersampled training set it is the
    correction of Dal Pozzolo et al. (2015).

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
        Posteriors under ``from_prior``.
    from_prior, to_prior : ndarray of shape (n_classes,)
        Class priors, scaled to sum to 1; ``from_prior`` has no class at 0 (the
        posteriors were learnt under it), a ``to_prior`` of 0 rules a class out.

    Returns
    -------
    proba : ndarray of shape (n_samples, n_classes)
        Posteriors under ``to_prior``; rows sum to 1.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.decision import adjust_to_prior
    >>> adjust_to_prior(np.array([[0.5, 0.5]]), [0.5, 0.5], [0.9, 0.1]).round(2)
    array([[0.9, 0.1]])
    """
    proba = _check_posteriors(proba)
    from_prior = proportions(
        from_prior, proba.shape[1], name="from_prior", positive=True
    )
    to_prior = proportions(to_prior, proba.shape[1], name="to_prior")
    return _moved(proba, from_prior, to_prior)


def _moved(proba, from_prior, to_prior):
    """adjust_to_prior on checked inputs (EM calls it at every iteration)."""
    ratio = to_prior / np.clip(from_prior, _EPS, None)
    adjusted = proba * ratio
    return adjusted / np.clip(adjusted.sum(axis=1, keepdims=True), _EPS, None)


def _check_posteriors(proba):
    """Posteriors: a 2-d array of finite, non-negative numbers, one row at least."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or len(proba) == 0:
        raise ValueError(
            "proba must be a 2-d array of shape (n_samples, n_classes) with at "
            f"least one row; got shape {proba.shape}."
        )
    if not np.all(np.isfinite(proba) & (proba >= 0)):
        raise ValueError("proba must hold finite, non-negative posteriors.")
    return proba


def em_prior(proba, prior, *, max_iter=100, tol=1e-6):
    """Estimate the class prior of unlabelled data by EM (Saerens et al. 2002).

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
        Posteriors of the unlabelled samples under ``prior``.
    prior : ndarray of shape (n_classes,)
        The prior the posteriors are calibrated to (the training prior), with
        no class at 0; scaled to sum to 1.
    max_iter : int, default=100
        EM iterations at most.
    tol : float, default=1e-6
        Stop when the prior moves less than this (max abs change).

    Returns
    -------
    new_prior : ndarray of shape (n_classes,)
        The estimated prior of the samples.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.decision import em_prior
    >>> em_prior(np.array([[0.9, 0.1], [0.2, 0.8]]), [0.5, 0.5]).round(2)
    array([0.6, 0.4])
    """
    proba = _check_posteriors(proba)
    # the estimator learnt every class, so the training prior has none at 0
    prior = proportions(prior, proba.shape[1], name="prior", positive=True)
    estimate = prior.copy()
    for _ in range(max_iter):
        posterior = _moved(proba, prior, estimate)
        new = posterior.mean(axis=0)
        if np.max(np.abs(new - estimate)) < tol:
            return new
        estimate = new
    return estimate


def _implied_training_prior(proba, true_prior, *, max_iter=200, tol=1e-8):
    """The prior q such that moving ``proba`` from q to ``true_prior`` makes the
    mean corrected posterior equal ``true_prior`` (a fixed point, the reverse of
    the EM step)."""
    q = np.full_like(true_prior, 1.0 / len(true_prior))
    for _ in range(max_iter):
        mean = _moved(proba, q, true_prior).mean(axis=0)
        new = q * mean / np.clip(true_prior, _EPS, None)
        new /= new.sum()
        if np.max(np.abs(new - q)) < tol:
            return new
        q = new
    return q


# Rows of the rarest class, expected at the training prior, that a batch
# needs for EM to estimate its prior: the "ten events" rule of thumb for
# estimating from counts (Peduzzi et al., "A simulation study of the number
# of events per variable in logistic regression analysis", J. Clin.
# Epidemiol., 1996). With fewer, the estimate's relative error passes about
# a third, and EM on a batch of one row puts the whole prior on its likeliest
# class.
_EM_MIN_EXPECTED_ROWS = 10


def _warn_of_a_small_em_batch(n_rows, true_prior, classes):
    rarest = int(np.argmin(true_prior))
    expected = n_rows * true_prior[rarest]
    if expected < _EM_MIN_EXPECTED_ROWS:
        warnings.warn(
            f"EM estimates the class prior from a batch of {n_rows} rows, which "
            f"at the training prior hold about {expected:.1f} of class "
            f"{plain_label(classes[rarest])!r}: too "
            "few, and the estimate pushes the probabilities to the extremes. "
            "Fix the prior once with fit_deploy_prior on a larger unlabelled "
            "sample, or give predict_proba larger batches.",
            UserWarning,
            stacklevel=4,
        )


class PriorCorrector(
    RoutesFitToEstimator, MetaEstimatorMixin, ClassifierMixin, BaseEstimator
):
    """Correct ``predict_proba`` for the class prior the estimator was trained on.

    An estimator trained on resampled or re-weighted data predicts
    probabilities under the prior it saw (e.g. 50/50), not the real one; the
    prior substitution of Saerens et al. (2002) moves them back, and on to a
    deployment prior when it differs.

    Parameters
    ----------
    estimator : classifier
        Any classifier or pipeline with ``predict_proba``.
    train_prior : "estimate", "balanced", array-like or dict, default="estimate"
        The prior the estimator's probabilities are calibrated to.
        ``"estimate"`` finds it from out-of-fold predictions (the prior whose
        substitution makes the corrected probabilities average to the class
        frequencies of ``y``); ``"balanced"`` is uniform (balanced resampling
        or weighting); numbers, each above 0, are used as given (in
        ``classes_`` order, or a dict giving every class its number), scaled to
        sum to 1.
    deploy_prior : None, "balanced", array-like, dict or "em", default=None
        The prior to correct to. ``None``: the class frequencies of the ``y``
        given to ``fit``; numbers: that prior (scaled to sum to 1; a dict
        gives every class its number); ``"em"``: estimated by EM from
        each batch given to ``predict_proba`` (or fixed once with
        :meth:`fit_deploy_prior`). A batch expected to hold fewer than 10
        rows of the rarest class, at the training prior, is too small for
        that, and is warned of.
    cv : int, float, splitter or "prefit", default=5
        Where the out-of-fold predictions for ``train_prior="estimate"`` come
        from; ``"prefit"`` uses the given, fitted estimator on the ``fit`` data
        and does not refit it.
    em_max_iter : int, default=100
        EM iterations at most.
    random_state : int, RandomState instance or None, default=None
        Shuffles the folds of an int ``cv``.

    Attributes
    ----------
    estimator_ : classifier
        The fitted estimator.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    true_prior_ : ndarray of shape (n_classes,)
        Class frequencies of the ``y`` given to ``fit``.
    train_prior_ : ndarray of shape (n_classes,)
        The prior the estimator's probabilities are calibrated to.
    deploy_prior_ : ndarray of shape (n_classes,) or None
        The prior corrected to; ``None`` with ``"em"`` until
        :meth:`fit_deploy_prior` is called.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(1000, weights=[0.95], random_state=0)
    >>> from imblearn.over_sampling import RandomOverSampler
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skimb.decision import PriorCorrector
    >>> model = make_pipeline(RandomOverSampler(random_state=0), LogisticRegression())
    >>> corrected = PriorCorrector(model, train_prior="balanced").fit(X, y)
    >>> corrected.true_prior_.round(2)
    array([0.95, 0.05])
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "train_prior": [StrOptions({"estimate", "balanced"}), "array-like", dict],
        "deploy_prior": [StrOptions({"em", "balanced"}), "array-like", dict, None],
        "cv": [
            "cv_object",
            StrOptions({"prefit"}),
            Interval(numbers.Real, 0, 1, closed="neither"),
        ],
        "em_max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator,
        *,
        train_prior="estimate",
        deploy_prior=None,
        cv=5,
        em_max_iter=100,
        random_state=None,
    ):
        self.estimator = estimator
        self.train_prior = train_prior
        self.deploy_prior = deploy_prior
        self.cv = cv
        self.em_max_iter = em_max_iter
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator and find the training prior of its probabilities.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training rows, passed to the estimator as given.
        y : array-like of shape (n_samples,)
            Labels, with the class frequencies of the population the model serves
            (``true_prior_``).
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: the class frequencies are weighted sums, and the
            estimator's fits get the weights of their rows (as
            ``sample_weight``, a pipeline's last step's, without metadata
            routing; where it requests them, with routing).
        **fit_params : dict
            Passed to the estimator's ``fit`` (and its folds' with
            ``train_prior="estimate"``, per-row arrays cut to their rows).

        Returns
        -------
        self : PriorCorrector
            The fitted meta-estimator.
        """
        X, y, self.classes_ = check_meta_fit_input(self, X, y)
        sample_weight = check_sample_weight(sample_weight, len(y))
        weight = np.ones(len(y)) if sample_weight is None else sample_weight
        counts = np.array([weight[y == c].sum() for c in self.classes_])
        self.true_prior_ = counts / counts.sum()
        fit_params = inner_fit_params(self, sample_weight, fit_params)
        self.deploy_prior_ = self._prior_param(self.deploy_prior, "deploy_prior")
        if isinstance(self.train_prior, str) and self.train_prior == "estimate":
            folds = out_of_fold_scores(
                self.estimator,
                X,
                y,
                self.classes_,
                self.cv,
                random_state=self.random_state,
                fit_params=fit_params,
            )
            proba = np.concatenate([s for _, s, _ in folds])
            self.train_prior_ = _implied_training_prior(proba, self.true_prior_)
        else:
            self.train_prior_ = self._prior_param(self.train_prior, "train_prior")
        if self.cv == "prefit":
            self.estimator_ = self.estimator
        else:
            self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        return self

    def _prior_param(self, value, name):
        k = len(self.classes_)
        if value is None:
            return self.true_prior_.copy() if name == "deploy_prior" else None
        if isinstance(value, str):
            # "estimate" (train_prior) is handled by fit; "em" here is deploy's
            return np.full(k, 1.0 / k) if value == "balanced" else None
        if isinstance(value, dict):
            value = values_by_label(value, self.classes_, default=None, name=name)
        # the estimator learnt every class, so none had a training prior of 0
        return proportions(value, k, name=name, positive=name == "train_prior")

    def fit_deploy_prior(self, X_unlabelled):
        """Fix the deployment prior once, by EM on a separate unlabelled set.

        Parameters
        ----------
        X_unlabelled : array-like
            Samples from the deployment distribution.

        Returns
        -------
        self : PriorCorrector
            With ``deploy_prior_`` set.
        """
        check_is_fitted(self)
        self.deploy_prior_ = self._em_prior(self._on_true_prior(X_unlabelled))
        return self

    def _em_prior(self, proba):
        """EM's prior of the rows of ``proba``, with a warning where too few."""
        _warn_of_a_small_em_batch(len(proba), self.true_prior_, self.classes_)
        return em_prior(proba, self.true_prior_, max_iter=self.em_max_iter)

    def _on_true_prior(self, X):
        raw = class_scores(self.estimator_, X, self.classes_)
        return _moved(raw, self.train_prior_, self.true_prior_)

    @delegated_if("predict_proba")
    def predict_proba(self, X):
        """Probabilities on the deployment prior.

        Parameters
        ----------
        X : array-like
            Features; with ``deploy_prior="em"`` (and no fixed prior) also the
            batch whose prior is estimated.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1.
        """
        check_is_fitted(self)
        proba = self._on_true_prior(X)
        target = self.deploy_prior_
        if target is None:
            target = self._em_prior(proba)
        return _moved(proba, self.true_prior_, target)

    @delegated_if("predict_proba")
    def estimate_prior(self, X):
        """The class prior of a batch of samples, estimated by EM.

        Parameters
        ----------
        X : array-like
            Unlabelled samples.

        Returns
        -------
        prior : ndarray of shape (n_classes,)
            The estimate, in ``classes_`` order.
        """
        check_is_fitted(self)
        return self._em_prior(self._on_true_prior(X))

    @delegated_if("predict_proba")
    def predict(self, X):
        """The most probable class under the deployment prior.

        Parameters
        ----------
        X : array-like
            Rows to classify (with ``deploy_prior="em"``, also the batch whose
            prior is estimated).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            The argmax of :meth:`predict_proba`, from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags = get_tags(self.estimator).input_tags
        return tags
