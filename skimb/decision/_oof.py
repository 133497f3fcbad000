"""Out-of-fold scores: the shared first step of the decision meta-estimators."""

import inspect
import numbers

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn import get_config
from sklearn.base import BaseEstimator, ClassifierMixin, clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import StratifiedKFold, check_cv, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from ..metrics import class_scores
from ..weights import plain_label

__all__ = [
    "FoldEnsemble",
    "RoutesFitToEstimator",
    "check_folds_hold_every_class",
    "check_meta_fit_input",
    "check_takes_validation_data",
    "inner_fit_params",
    "out_of_fold_scores",
    "rows_of",
]


def check_meta_fit_input(meta, X, y):
    """Validate ``y`` and lengths, leaving ``X`` as given for the inner estimator.

    A pipeline inside the meta-estimator may select DataFrame columns by name
    or dtype, so ``X`` is not converted; ``n_features_in_`` and
    ``feature_names_in_`` are still recorded. Returns ``(X, y, classes)``.
    """
    X, y = validate_data(
        meta, X, y, dtype=None, ensure_all_finite=False, skip_check_array=True
    )
    y = column_or_1d(y, warn=True)
    check_consistent_length(X, y)
    if sp.issparse(X):
        X = X.tocsr()  # row-indexable for the folds
    elif not hasattr(X, "iloc"):
        X = np.asarray(X)
    if len(y) == 0:
        raise ValueError(
            f"{type(meta).__name__} got 0 samples; at least one is required."
        )
    check_classification_targets(y)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(
            f"{type(meta).__name__} needs at least 2 classes in y; got 1 class "
            f"({plain_label(classes[0])!r})."
        )
    return X, y, classes


def check_folds_hold_every_class(splits, y, classes):
    """Raise when a fold's training rows lack a class, naming the fold and class.

    A model fitted without any row of a class cannot score it, and the
    out-of-fold predictions of the other folds would miss it too; the
    estimator's own message ("got 1 class") would not say that ``y`` has the
    class but a fold does not.

    Parameters
    ----------
    splits : list of (train, test) index arrays
        The folds.
    y : ndarray
        All the labels.
    classes : ndarray
        The classes of ``y``.
    """
    for number, (train, _) in enumerate(splits, start=1):
        missing = np.setdiff1d(classes, y[train])
        if len(missing):
            label = missing[0]
            count = int(np.sum(y == label))
            label = plain_label(label)
            raise ValueError(
                f"Fold {number} of {len(splits)} has no row of class {label!r} "
                f"among its {len(train)} training rows: y holds {count} row"
                f"{'s' if count != 1 else ''} of that class. Every fold must train "
                f"on every class: collect more rows of class {label!r}, use fewer "
                "folds (a class needs at least as many rows as there are folds), "
                "or fit the estimator without cross-validation and pass it with "
                "cv='prefit'."
            )


def _routing_enabled():
    """Whether scikit-learn's metadata routing is switched on."""
    return get_config()["enable_metadata_routing"]


def inner_fit_params(meta, sample_weight, fit_params):
    """The fit parameters of a meta-estimator's inner estimator.

    With scikit-learn's metadata routing enabled, what the inner estimator
    requested (``set_fit_request``); without it, ``fit_params`` as given,
    plus ``sample_weight`` under the name the estimator's fit takes
    (``<last step>__sample_weight`` for a pipeline).

    Raises
    ------
    ValueError
        Without routing, when ``sample_weight`` is given and the estimator
        (or its last step) cannot take it.
    """
    if _routing_enabled():
        routed = process_routing(meta, "fit", sample_weight=sample_weight, **fit_params)
        return dict(routed.estimator.fit)
    if sample_weight is None:
        return dict(fit_params)
    estimator = meta.estimator
    final = _final_step(estimator)
    if "sample_weight" not in inspect.signature(final.fit).parameters:
        raise ValueError(
            f"sample_weight is given but {type(final).__name__}.fit does not take "
            "it; use an estimator that weighs rows, or leave sample_weight out."
        )
    name = "sample_weight"
    if isinstance(estimator, Pipeline):
        name = f"{estimator.steps[-1][0]}__sample_weight"
    return {**fit_params, name: sample_weight}


class RoutesFitToEstimator:
    """Mixin: the metadata routing of a meta-estimator whose ``fit`` consumes
    ``sample_weight`` itself and fits ``estimator``."""

    def get_metadata_routing(self):
        """The routing of ``fit``'s metadata: ``sample_weight`` for this
        estimator itself, and what ``estimator`` requests for its fits.

        Returns
        -------
        routing : MetadataRouter
        """
        return (
            MetadataRouter(owner=self)
            .add_self_request(self)
            .add(
                estimator=self.estimator,
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
        )


def rows_of(params, rows, n_samples):
    """``params`` with every per-row value (one entry per sample) cut to ``rows``.

    Parameters
    ----------
    params : dict
        Fit parameters; arrays of length ``n_samples`` hold one value per row
        (weights, costs, groups), anything else is passed whole.
    rows : ndarray of int
        The rows of a fold.
    n_samples : int
        Rows in the whole data.

    Returns
    -------
    params : dict
    """
    return {
        key: _safe_indexing(value, rows) if _per_row(value, n_samples) else value
        for key, value in params.items()
    }


def _per_row(value, n_samples):
    return (
        hasattr(value, "__len__")
        and not isinstance(value, str | dict)
        and hasattr(value, "__getitem__")
        and len(value) == n_samples
    )


def _fit_and_score(
    estimator,
    X,
    y,
    train,
    test,
    classes,
    fit_params,
    validate_on_held_out=False,
    seed_offset=0,
    valid_weight=None,
):
    model = clone(estimator)
    if seed_offset:
        _offset_seeds(model, seed_offset)
    X_train, X_test = _safe_indexing(X, train), _safe_indexing(X, test)
    fold_params = rows_of(fit_params, train, len(y))
    if validate_on_held_out:
        held_out = (X_test, y[test])
        if valid_weight is not None:
            held_out += (valid_weight[test],)
        _fit_validated(model, X_train, y[train], held_out, fold_params)
    else:
        model.fit(X_train, y[train], **fold_params)
    return test, class_scores(model, X_test, classes), model


def _offset_seeds(model, offset):
    """Add ``offset`` to every int ``random_state`` of ``model`` (nested too).

    Each seed is set on the object that owns it: a nested path such as
    ``net__sampler__random_state`` is not settable through every owner (skorch
    reads ``sampler__random_state`` as a parameter of its own).
    """
    params = model.get_params(deep=True)
    for key, value in params.items():
        owner_key, _, name = key.rpartition("__")
        if (
            name == "random_state"
            and isinstance(value, numbers.Integral)
            and not isinstance(value, bool)
        ):
            owner = params[owner_key] if owner_key else model
            owner.set_params(random_state=value + offset)


def _final_step(estimator):
    return estimator.steps[-1][1] if isinstance(estimator, Pipeline) else estimator


def check_takes_validation_data(estimator):
    """Raise unless the estimator (or its last step) takes ``validation_data``."""
    final = _final_step(estimator)
    if "validation_data" not in inspect.signature(final.fit).parameters:
        raise ValueError(
            "fold_validation=True needs an estimator whose fit takes "
            "validation_data (a NetClassifier, or a pipeline ending in one); got "
            f"{type(final).__name__}."
        )


def _fit_validated(model, X, y, held_out, fit_params):
    """Fit ``model`` in place with the held-out rows as its validation data.

    ``held_out`` is ``(X_valid, y_valid)`` or ``(X_valid, y_valid, weights)``.
    A pipeline's steps before the last are fitted on the training rows and
    transform the held-out rows too; samplers resample the training rows only.
    Pipeline fit parameters are routed by their ``step__`` prefix.
    """
    X_valid, y_valid, *valid_weight = held_out
    if not isinstance(model, Pipeline):
        model.fit(X, y, validation_data=held_out, **fit_params)
        return model
    routed = _pipeline_step_params(model, fit_params)
    for name, step in model.steps[:-1]:
        if step is None or step == "passthrough":
            continue
        if hasattr(step, "fit_resample"):
            X, y = step.fit_resample(X, y, **routed[name])
        else:
            X = step.fit_transform(X, y, **routed[name])
            X_valid = step.transform(X_valid)
    name, final = model.steps[-1]
    final.fit(X, y, validation_data=(X_valid, y_valid, *valid_weight), **routed[name])
    return model


def _pipeline_step_params(pipeline, fit_params):
    """Each step's fit parameters: by metadata routing where it is enabled,
    else by their ``step__`` prefix."""
    if _routing_enabled():
        routed = process_routing(pipeline, "fit", **fit_params)
        params = {}
        for name, _ in pipeline.steps:
            step_routing = routed[name]
            # scikit-learn routes a transformer's as fit_transform, and
            # imbalanced-learn a sampler's as fit_resample
            method = next(
                m for m in ("fit", "fit_transform", "fit_resample") if m in step_routing
            )
            params[name] = dict(step_routing[method])
        return params
    routed = {name: {} for name, _ in pipeline.steps}
    for key, value in fit_params.items():
        name, _, param = key.partition("__")
        if name not in routed or not param:
            raise ValueError(
                f"Pipeline fit parameters are named step__param; got {key!r}."
            )
        routed[name][param] = value
    return routed


def _check_prefit(estimator):
    try:
        check_is_fitted(estimator)
    except NotFittedError as exc:
        raise ValueError(
            "cv='prefit' needs an estimator that is already fitted; fit it first "
            "or pass cv=5 to fit it here."
        ) from exc


def out_of_fold_scores(
    estimator,
    X,
    y,
    classes,
    cv,
    *,
    random_state=None,
    n_jobs=None,
    fit_params=None,
    validate_on_held_out=False,
    vary_seeds=False,
    valid_weight=None,
):
    """Fit on folds and score the held-out rows.

    Parameters
    ----------
    estimator : classifier
        Cloned for every fold.
    X, y : array-like
        The data.
    classes : ndarray
        All the classes, in score-column order.
    cv : int, float, cross-validation splitter, iterable or "prefit"
        An int or splitter: cross-validation (stratified, shuffled with
        ``random_state`` for an int); a float in (0, 1): one stratified
        held-out fraction; ``"prefit"``: ``estimator`` is fitted already and
        scores the given rows.
    validate_on_held_out : bool, default=False
        Pass each fold's held-out rows to the fit as ``validation_data``
        (see :func:`check_takes_validation_data`).
    vary_seeds : bool, default=False
        Fold ``i`` adds ``i`` to every int ``random_state`` of its clone, so
        that fold models averaged into an ensemble differ in more than their
        data.
    valid_weight : ndarray of shape (n_samples,), default=None
        Row weights of the held-out rows, passed with them as validation data
        (``validate_on_held_out``). Per-row values of ``fit_params`` are cut
        to each fold's training rows.

    Returns
    -------
    folds : list of (indices, scores, model)
        The held-out rows of each fold, their scores, and the fold's model.
    """
    fit_params = fit_params or {}
    if isinstance(cv, str):
        if cv != "prefit":
            raise ValueError(
                f"cv must be 'prefit', an int, a float or a splitter; got {cv!r}."
            )
        _check_prefit(estimator)
        return [(np.arange(len(y)), class_scores(estimator, X, classes), estimator)]
    if isinstance(cv, numbers.Real) and not isinstance(cv, numbers.Integral):
        if not 0.0 < cv < 1.0:
            raise ValueError(
                f"A float cv is a held-out fraction in (0, 1); got {cv!r}."
            )
        splits = [
            train_test_split(
                np.arange(len(y)), test_size=cv, stratify=y, random_state=random_state
            )
        ]
    else:
        if isinstance(cv, numbers.Integral):
            splitter = StratifiedKFold(cv, shuffle=True, random_state=random_state)
        else:
            splitter = check_cv(cv, y, classifier=is_classifier(estimator))
        splits = list(splitter.split(np.zeros(len(y)), y))
    check_folds_hold_every_class(splits, y, classes)
    return Parallel(n_jobs=n_jobs)(
        delayed(_fit_and_score)(
            estimator,
            X,
            y,
            train,
            test,
            classes,
            fit_params,
            validate_on_held_out,
            seed_offset=i if vary_seeds else 0,
            valid_weight=valid_weight,
        )
        for i, (train, test) in enumerate(splits)
    )


class FoldEnsemble(ClassifierMixin, BaseEstimator):
    """The models of the cross-validation folds, their probabilities averaged.

    The decision meta-estimators fit one model per fold anyway; averaging them
    costs no further fit and, for high-variance learners such as neural
    networks, ranks more steadily than one refit on all the data.

    Parameters
    ----------
    models : list of fitted classifiers
        The fold models.
    classes : ndarray
        The classes, in column order.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skimb.decision._oof import FoldEnsemble
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    >>> ensemble = FoldEnsemble([LogisticRegression().fit(X, y)] * 2, [0, 1])
    >>> ensemble.predict_proba(X).shape
    (4, 2)
    """

    def __init__(self, models, classes):
        self.models = models
        self.classes = classes

    @property
    def classes_(self):
        return np.asarray(self.classes)

    def __sklearn_is_fitted__(self):
        return True

    def predict_proba(self, X):
        """Mean of the fold models' class scores."""
        return np.mean([class_scores(m, X, self.classes_) for m in self.models], axis=0)

    def predict(self, X):
        """The class with the highest mean probability."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
