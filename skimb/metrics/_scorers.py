"""Scorers by name: skimb's own, and scikit-learn's under their names."""

import inspect

from sklearn.metrics import get_scorer as sklearn_get_scorer
from sklearn.metrics import get_scorer_names as sklearn_scorer_names

from . import _scores as score_functions
from ._response import class_scores

__all__ = ["SCORERS", "ImbalanceScorer", "get_scorer", "scorer_names"]

# name -> (score function, what it reads: "labels" or "scores", takes labels=)
_REGISTRY = {
    "f2": (score_functions.f2_score, "labels", True),
    "fbeta": (score_functions.fbeta, "labels", True),
    "macro_f2": (score_functions.macro_f2_score, "labels", True),
    "gmean": (score_functions.gmean_score, "labels", True),
    "balanced_accuracy": (score_functions.balanced_accuracy, "labels", False),
    "mcc": (score_functions.mcc_score, "labels", False),
    "minority_recall": (score_functions.minority_recall, "labels", True),
    "pr_auc": (score_functions.pr_auc_score, "scores", True),
    "recall_at_precision": (score_functions.recall_at_precision, "scores", True),
    "precision_at_recall": (score_functions.precision_at_recall, "scores", True),
}


def scorer_names():
    """Names accepted by :func:`get_scorer`.

    Returns
    -------
    names : list of str
        Sorted.

    Examples
    --------
    >>> from skimb.metrics import scorer_names
    >>> "f2" in scorer_names()
    True
    """
    return sorted(_REGISTRY)


def _check_score_params(name, func, params):
    """Parameters the score function does not take fail here, not at scoring."""
    taken = [
        p
        for p in inspect.signature(func).parameters
        if p not in ("y_true", "y_pred", "y_score")
    ]
    unknown = sorted(set(params) - set(taken))
    if unknown:
        raise TypeError(
            f"The {name!r} scorer takes no parameter {', '.join(map(repr, unknown))}; "
            f"it takes {', '.join(map(repr, taken))}."
        )


class ImbalanceScorer:
    """A scorer ``(estimator, X, y) -> float`` for one named score.

    Label scores use ``predict``; ranking scores use ``predict_proba`` (or
    ``decision_function``) and read the column order from the estimator's
    ``classes_``, so a class missing from one CV fold's ``y`` does not shift
    the columns. ``sample_weight`` weighs the rows of every score but
    ``"recall_at_precision"`` and ``"precision_at_recall"``, which refuse it.

    Parameters
    ----------
    name : str
        One of :func:`scorer_names`.
    **params : dict
        Passed to the score function (e.g. ``beta=3`` for ``"fbeta"``,
        ``min_precision=0.8`` for ``"recall_at_precision"``).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skimb.metrics import ImbalanceScorer
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    >>> ImbalanceScorer("f2")(LogisticRegression().fit(X, y), X, y)
    1.0
    """

    def __init__(self, name, **params):
        if name not in _REGISTRY:
            raise ValueError(
                f"Unknown scorer {name!r}; known scorers: {', '.join(scorer_names())}."
            )
        self.name = name
        self.params = params
        self._func, self._reads, self._takes_labels = _REGISTRY[name]
        _check_score_params(name, self._func, params)

    def __repr__(self):
        params = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"ImbalanceScorer({self.name!r}{params})"

    def __call__(self, estimator, X, y_true, sample_weight=None):
        classes = getattr(estimator, "classes_", None)
        params = dict(self.params)
        if sample_weight is not None:
            if "sample_weight" not in inspect.signature(self._func).parameters:
                raise ValueError(
                    f"The {self.name!r} scorer does not take sample_weight."
                )
            params["sample_weight"] = sample_weight
        if self._takes_labels and classes is not None:
            params.setdefault("labels", classes)
        if self._reads == "labels":
            return self._func(y_true, estimator.predict(X), **params)
        return self._func(y_true, self._scores(estimator, X, classes), **params)

    def _scores(self, estimator, X, classes):
        if hasattr(estimator, "predict_proba") or hasattr(
            estimator, "decision_function"
        ):
            return class_scores(estimator, X)
        raise ValueError(
            f"The {self.name!r} scorer ranks samples and needs predict_proba or "
            f"decision_function, which {type(estimator).__name__} lacks; use a "
            "label score such as 'f2' or 'gmean', or a probabilistic classifier."
        )


def get_scorer(name, **params):
    """Return the scorer for a skimb or scikit-learn score name.

    skimb's names take the minority class as the positive one; any other name
    is looked up among scikit-learn's (``"average_precision"``, ``"roc_auc"``,
    ``"f1"``...), with scikit-learn's meaning. The scorer returned is a
    callable ``(estimator, X, y) -> float``, so it goes wherever scikit-learn
    takes ``scoring=``, e.g. ``cross_val_score(model, X, y,
    scoring=get_scorer("f2"))``; scikit-learn itself does not know skimb's
    names as strings.

    Parameters
    ----------
    name : str or callable
        One of ``"f2"``, ``"fbeta"`` (with ``beta``), ``"macro_f2"``,
        ``"gmean"``, ``"pr_auc"``, ``"balanced_accuracy"``, ``"mcc"``,
        ``"recall_at_precision"`` (with ``min_precision``),
        ``"precision_at_recall"`` (with ``min_recall``), ``"minority_recall"``;
        or a name of :func:`sklearn.metrics.get_scorer_names`. A scorer
        (a callable ``(estimator, X, y) -> float``) is returned as it is, as
        scikit-learn's ``get_scorer`` does.
    **params : dict
        Parameters of a skimb score function.

    Returns
    -------
    scorer : callable
        An :class:`ImbalanceScorer` for a skimb name, scikit-learn's scorer
        otherwise.

    Examples
    --------
    >>> from skimb.metrics import get_scorer
    >>> get_scorer("fbeta", beta=3)
    ImbalanceScorer('fbeta', beta=3)
    >>> get_scorer("average_precision")
    make_scorer(average_precision_score, ...)
    """
    if callable(name):
        if params:
            raise ValueError(
                "A scorer given as a callable takes no parameters here; got "
                f"{sorted(params)}."
            )
        return name
    if name in _REGISTRY:
        return ImbalanceScorer(name, **params)
    if isinstance(name, str) and name in sklearn_scorer_names():
        if params:
            raise ValueError(
                f"{name!r} is scikit-learn's scorer, which takes no parameters "
                f"here; got {sorted(params)}. Build it with sklearn.metrics."
                "make_scorer instead."
            )
        return sklearn_get_scorer(name)
    raise ValueError(
        f"Unknown scorer {name!r}; skimb's scorers are {', '.join(scorer_names())}, "
        "and scikit-learn's names (sklearn.metrics.get_scorer_names()) work too."
    )


SCORERS = {name: ImbalanceScorer(name) for name in _REGISTRY}
