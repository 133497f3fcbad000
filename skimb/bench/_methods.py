"""The methods of the benchmark: skimb's pipeline and the baselines users pick."""

import importlib.util
import time
from functools import partial

import numpy as np
import torch
from imblearn.ensemble import BalancedRandomForestClassifier
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import fbeta_score, make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.pipeline import Pipeline
from skorch import NeuralNetClassifier

from .._pipeline import make_imbalanced_pipeline, make_preprocessor
from ..neural import MLP

__all__ = ["BASE_METHODS", "METHODS", "OPTIONAL_PACKAGES", "make_method", "missing"]

#: the baselines whose package comes from skimb's optional ``bench`` extra
OPTIONAL_PACKAGES = {"catboost_balanced": "catboost", "xgboost_spw": "xgboost"}


class _Float32MLP(torch.nn.Module):
    """skimb's MLP behind a float32 cast, for plain skorch (which does not cast).

    ``n_features`` is set by skorch's ``module__n_features`` at fit time by the
    wrapper below.
    """

    def __init__(self, n_features=1, hidden_units=(64, 64)):
        super().__init__()
        self.mlp = MLP(n_features, 2, hidden_units=hidden_units)

    def forward(self, X):
        return self.mlp(X.float())


class _SizedSkorchMLP(NeuralNetClassifier):
    """skorch's NeuralNetClassifier, its input layer sized from the data.

    Sizing the input layer is the only addition, which a user would do by
    hand. Parameters as skorch's ``NeuralNetClassifier``.
    """

    def fit(self, X, y, **fit_params):
        self.set_params(module__n_features=X.shape[1])
        return super().fit(X.astype("float32"), y, **fit_params)


def _plain_skorch(seed):
    """The plain skorch baseline: unweighted cross-entropy, Adam, 50 epochs.

    skorch's NeuralNetClassifier as it comes, with the settings a user would
    write by hand; torch is seeded here because skorch does not seed it.
    """
    torch.manual_seed(seed)
    return _SizedSkorchMLP(
        _Float32MLP,
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=1e-3,
        max_epochs=50,
        batch_size=64,
        verbose=0,
    )


def _catboost_balanced(seed):
    """CatBoost with its balanced class weights, one thread, nothing on disk."""
    from catboost import CatBoostClassifier

    return CatBoostClassifier(
        auto_class_weights="Balanced",
        random_seed=seed,
        thread_count=1,
        verbose=0,
        allow_writing_files=False,
    )


class ScalePosWeightXGB(ClassifierMixin, BaseEstimator):
    """XGBoost with ``scale_pos_weight`` = negatives / positives of each fit.

    XGBoost's documented setting for imbalanced binary data, computed from
    the ``y`` of the fit (each fold's own), as a user would. One thread.

    Parameters
    ----------
    random_state : int, default=0
        XGBoost's seed.
    """

    def __init__(self, random_state=0):
        self.random_state = random_state

    def fit(self, X, y):
        from xgboost import XGBClassifier

        self.classes_, encoded = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(
                f"scale_pos_weight is for two classes; got {len(self.classes_)}."
            )
        positives = int(encoded.sum())
        self.scale_pos_weight_ = (len(encoded) - positives) / positives
        self.model_ = XGBClassifier(
            scale_pos_weight=self.scale_pos_weight_,
            random_state=self.random_state,
            n_jobs=1,
        ).fit(X, encoded)
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(X)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def missing(name):
    """The optional package a method needs and that is not installed, or None."""
    package = OPTIONAL_PACKAGES.get(name.removesuffix("+tuned"))
    if package is None or importlib.util.find_spec(package) is not None:
        return None
    return package


def _with_preprocessing(model, pipeline_class=Pipeline):
    return pipeline_class([("preprocess", make_preprocessor()), ("model", model)])


BASE_METHODS = {
    "skimb": lambda seed: make_imbalanced_pipeline(random_state=seed),
    "logreg": lambda seed: _with_preprocessing(LogisticRegression(max_iter=2000)),
    "logreg_balanced": lambda seed: _with_preprocessing(
        LogisticRegression(max_iter=2000, class_weight="balanced")
    ),
    "smote_logreg": lambda seed: ImbPipeline(
        [
            ("preprocess", make_preprocessor()),
            # k=3: glass5 leaves 5 positives in an inner tuning fold, too few
            # for SMOTE's default of 5 neighbours
            ("smote", SMOTE(k_neighbors=3, random_state=seed)),
            ("model", LogisticRegression(max_iter=2000)),
        ]
    ),
    "balanced_rf": lambda seed: _with_preprocessing(
        BalancedRandomForestClassifier(
            n_estimators=100,
            sampling_strategy="all",
            replacement=True,
            bootstrap=False,
            random_state=seed,
        )
    ),
    "hgb_balanced": lambda seed: _with_preprocessing(
        HistGradientBoostingClassifier(class_weight="balanced", random_state=seed)
    ),
    "skorch_mlp": lambda seed: _with_preprocessing(_plain_skorch(seed)),
    "catboost_balanced": lambda seed: _with_preprocessing(_catboost_balanced(seed)),
    "xgboost_spw": lambda seed: _with_preprocessing(
        ScalePosWeightXGB(random_state=seed)
    ),
}


# F2 of the positive class, as a user would write it
_F2 = make_scorer(fbeta_score, beta=2)


def _tuned_for_f2(estimator, seed):
    return TunedThresholdClassifierCV(estimator, scoring=_F2, random_state=seed)


def _tuned(name):
    def build(seed):
        return _tuned_for_f2(BASE_METHODS[name](seed), seed)

    return build


METHODS = {
    **BASE_METHODS,
    **{f"{name}+tuned": _tuned(name) for name in BASE_METHODS if name != "skimb"},
}


def make_method(name, seed):
    """Build the unfitted estimator of a benchmark method.

    Parameters
    ----------
    name : str
        One of :data:`METHODS`.
    seed : int
        Seed of the method's randomness.

    Returns
    -------
    estimator : classifier
        Unfitted.
    """
    if name not in METHODS:
        raise ValueError(f"Unknown method {name!r}; known: {', '.join(METHODS)}.")
    return METHODS[name](seed)


class _TimedFit(ClassifierMixin, BaseEstimator):
    """Fit a clone of ``estimator`` and record how many seconds it took.

    Its probabilities for the last ``X`` it was asked about are kept: the
    benchmark scores a baseline and its tuned version on one test frame,
    and both versions' probabilities are the baseline's, asked for up to
    three times. ``X`` is recognised as the same object, not by its values,
    so it must not be changed in place between calls (the benchmark never
    does).

    Parameters
    ----------
    estimator : classifier
        The classifier to fit; its predictions are passed through.
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y):
        start = time.perf_counter()
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.fit_time_ = time.perf_counter() - start
        self.classes_ = self.estimator_.classes_
        self._last_proba = (None, None)
        return self

    def predict_proba(self, X):
        last_X, proba = self._last_proba
        if last_X is not X:
            proba = self.estimator_.predict_proba(X)
            self._last_proba = (X, proba)
        return proba.copy()

    def predict(self, X):
        return self.estimator_.predict(X)


def _make_tuned_pair(name, seed):
    """A tuned baseline whose refit on the whole training data is timed.

    TunedThresholdClassifierCV fits that refit first, from the estimator
    built with the same seed as the baseline alone, so it is the baseline
    fitted on the same rows: one fit gives both methods' predictions.
    """
    return _tuned_for_f2(_TimedFit(BASE_METHODS[name](seed)), seed)


def method_groups(names):
    """The fits a benchmark of ``names`` needs: each group shares one fit.

    A baseline asked for with its ``+tuned`` version is one group, fitted
    once: the tuned version's refit is the baseline (see
    :func:`_make_tuned_pair`), which saves the baseline's own fit. Every
    other method is a group of its own.

    Parameters
    ----------
    names : list of str
        Names of :data:`METHODS`.

    Returns
    -------
    groups : list of (tuple of str, callable)
        The methods of each group and ``factory(seed)``, which builds its
        estimator; for a pair, the tuned estimator (the baseline is its
        ``estimator_``).
    """
    groups = []
    for name in names:
        tuned = f"{name}+tuned"
        if name in BASE_METHODS and tuned in names:
            groups.append(((name, tuned), partial(_make_tuned_pair, name)))
        elif not (name.endswith("+tuned") and name.removesuffix("+tuned") in names):
            groups.append(((name,), partial(make_method, name)))
    return groups
