"""One score column per class from any fitted classifier."""

import numpy as np


def class_scores(estimator, X, classes=None):
    """Scores with one column per class, from a fitted classifier.

    ``predict_proba`` when the estimator has it, else ``decision_function``
    (a binary decision function scores ``classes_[1]``, as in scikit-learn,
    and becomes the columns ``[-d, d]``).

    Parameters
    ----------
    estimator : fitted classifier
        With ``predict_proba`` or ``decision_function``, and ``classes_``.
    X : array-like
        Rows to score.
    classes : array-like, default=None
        The columns wanted; default the estimator's ``classes_``. A class the
        estimator never saw (a CV fold without it) gets a column of zeros.

    Returns
    -------
    scores : ndarray of shape (n_samples, n_classes)
        Probabilities, or decision values where there are none.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.svm import LinearSVC
    >>> from skimb.metrics import class_scores
    >>> X, y = make_classification(50, random_state=0)
    >>> class_scores(LinearSVC().fit(X, y), X[:3]).shape
    (3, 2)
    """
    if hasattr(estimator, "predict_proba"):
        scores = np.asarray(estimator.predict_proba(X), dtype=float)
    elif hasattr(estimator, "decision_function"):
        scores = np.asarray(estimator.decision_function(X), dtype=float)
        if scores.ndim == 1:
            scores = np.column_stack([-scores, scores])
    else:
        raise ValueError(
            f"{type(estimator).__name__} has neither predict_proba nor "
            "decision_function: it gives no score per class."
        )
    fitted = list(estimator.classes_)
    if classes is None or list(classes) == fitted:
        return scores
    full = np.zeros((len(scores), len(classes)))
    for j, label in enumerate(fitted):
        full[:, list(classes).index(label)] = scores[:, j]
    return full
