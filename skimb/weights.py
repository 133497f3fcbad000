"""Class-weight schemes shared by the losses and the samplers.

Every scheme maps the class counts of one ``y`` to one positive weight per class.
The weights are always computed from the ``y`` at hand (one fit, one CV fold):
computing them once up front leaks the class balance of held-out data.
"""

import numbers

import numpy as np

__all__ = [
    "WEIGHT_SCHEMES",
    "check_sample_weight",
    "class_weight_array",
    "compute_class_weight",
    "proportions",
    "values_by_label",
]

WEIGHT_SCHEMES = ("balanced", "inverse", "sqrt", "effective")


def check_sample_weight(sample_weight, n_samples):
    """Validate per-row weights: one finite, non-negative number per row.

    Parameters
    ----------
    sample_weight : array-like of shape (n_samples,) or None
        The weights.
    n_samples : int
        Rows they must match.

    Returns
    -------
    sample_weight : ndarray of float64 or None
        The weights as given (None stays None).

    Raises
    ------
    ValueError
        Naming ``sample_weight``: for a wrong shape or length, NaN, infinite
        or negative values, or weights that are all zero.

    Examples
    --------
    >>> from skimb.weights import check_sample_weight
    >>> check_sample_weight([1, 2, 0], 3).tolist()
    [1.0, 2.0, 0.0]
    """
    if sample_weight is None:
        return None
    try:
        weight = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"sample_weight must hold numbers: {exc}") from None
    if weight.ndim != 1 or len(weight) != n_samples:
        raise ValueError(
            f"sample_weight must have one weight per row, shape ({n_samples},); "
            f"got shape {weight.shape}."
        )
    if not np.all(np.isfinite(weight)):
        raise ValueError("sample_weight must be finite; it holds NaN or infinity.")
    if np.any(weight < 0):
        raise ValueError("sample_weight must be non-negative; it holds negatives.")
    if not weight.sum() > 0:
        raise ValueError("sample_weight is zero for every row; nothing to learn from.")
    return weight


def _balanced(counts, n, beta):
    return n / (len(counts) * counts)


def _inverse(counts, n, beta):
    return n / counts


def _sqrt(counts, n, beta):
    return np.sqrt(n / (len(counts) * counts))


def _effective(counts, n, beta):
    # Cui et al. (2019), "Class-Balanced Loss Based on Effective Number of
    # Samples": E_k = (1 - beta^n_k) / (1 - beta), weight proportional to 1 / E_k,
    # normalised so that the weights sum to the number of classes.
    effective_number = -np.expm1(counts * np.log(beta)) / (1.0 - beta)
    weights = 1.0 / effective_number
    return weights * len(counts) / weights.sum()


_SCHEMES = {
    "balanced": _balanced,
    "inverse": _inverse,
    "sqrt": _sqrt,
    "effective": _effective,
}


def _check_beta(beta):
    if not isinstance(beta, numbers.Real) or not 0.0 < beta < 1.0:
        raise ValueError(
            f"beta must be a float in the open interval (0, 1); got {beta!r}."
        )


def _check_most(most):
    if most is None:
        return
    if not isinstance(most, numbers.Real) or not 0.5 <= most < 1.0:
        raise ValueError(
            f"most must be None or a float in [0.5, 1); got {most!r}. "
            "It clips class frequencies to [1 - most, most]."
        )


def compute_class_weight(y, scheme="balanced", *, beta=0.999, most=None):
    """Compute one weight per class of ``y`` with a named scheme.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels, of any type.
    scheme : {"balanced", "inverse", "sqrt", "effective"}, dict or callable, \
            default="balanced"
        How to weight the classes, with ``n`` samples, ``K`` classes and ``n_k``
        samples of class ``k``:

        - ``"balanced"``: ``n / (K n_k)``, as scikit-learn's ``"balanced"``;
        - ``"inverse"``: ``n / n_k``, the inverse class frequency;
        - ``"sqrt"``: the square root of ``"balanced"``, a milder correction;
        - ``"effective"``: the inverse effective number of samples
          ``(1 - beta) / (1 - beta ** n_k)`` of Cui et al. (2019), normalised to
          sum to ``K``;
        - a dict ``{label: weight}``, returned for the labels of ``y`` (labels
          missing from the dict get weight 1);
        - a callable ``y -> dict``, called on ``y``.
    beta : float, default=0.999
        Parameter of the ``"effective"`` scheme, in (0, 1); ``beta -> 0`` gives
        equal weights, ``beta -> 1`` the inverse frequency.
    most : float in [0.5, 1), default=None
        Caps the ratio of the largest to the smallest weight: class frequencies
        are clipped to ``[1 - most, most]`` before a named scheme is applied, so
        no class counts as rarer than ``1 - most`` of the data. ``None`` applies
        no cap.

    Returns
    -------
    class_weight : dict
        ``{label: weight}`` for every class of ``y``, in sorted label order.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.weights import compute_class_weight
    >>> y = np.repeat(["red", "yellow", "green"], [56, 3, 41])
    >>> weights = compute_class_weight(y, "inverse")
    >>> {k: round(float(v), 1) for k, v in weights.items()}
    {'green': 2.4, 'red': 1.8, 'yellow': 33.3}
    """
    classes, counts = np.unique(np.asarray(y), return_counts=True)
    if len(classes) == 0:
        raise ValueError("y is empty: cannot compute class weights.")
    if callable(scheme):
        scheme = scheme(y)
        if not isinstance(scheme, dict):
            raise ValueError(
                "A callable class_weight must return a dict {label: weight}; "
                f"it returned {type(scheme).__name__}."
            )
    if isinstance(scheme, dict):
        return _weights_from_dict(classes, scheme)
    if scheme not in _SCHEMES:
        raise ValueError(
            f"Unknown class-weight scheme {scheme!r}; use one of "
            f"{', '.join(map(repr, WEIGHT_SCHEMES))}, a dict or a callable."
        )
    _check_beta(beta)
    _check_most(most)
    n = counts.sum()
    counts = counts.astype(float)
    if most is not None:
        counts = np.clip(counts / n, 1.0 - most, most) * n
    weights = _SCHEMES[scheme](counts, float(n), beta)
    return {label: float(w) for label, w in zip(classes.tolist(), weights)}


def plain_label(label):
    """A class label as a Python value (numpy's ``np.int64(1)`` as ``1``), for
    messages that quote it."""
    return label.item() if isinstance(label, np.generic) else label


def values_by_label(mapping, labels, *, default, name):
    """The values of a ``{label: value}`` dict, in the order of ``labels``.

    Parameters
    ----------
    mapping : dict
        Values keyed by class label; labels it leaves out get ``default``.
    labels : array-like
        The classes, in the order wanted.
    default : float or None
        The value of a class the dict leaves out; ``None``: the dict must name
        every class (a prior or a share of a class left out cannot be
        guessed, and 0 would rule the class out).
    name : str
        Named in the error message, as the parameter the dict came from.

    Returns
    -------
    values : ndarray of shape (n_classes,)

    Raises
    ------
    ValueError
        When the dict names a label that is not a class, or, with
        ``default=None``, leaves a class out.

    Examples
    --------
    >>> from skimb.weights import values_by_label
    >>> values_by_label({"b": 3}, ["a", "b"], default=1.0, name="w").tolist()
    [1.0, 3.0]
    """
    labels = list(np.asarray(labels).tolist())
    unknown = [label for label in mapping if label not in labels]
    if unknown:
        raise ValueError(
            f"{name} names classes that are not in y: {unknown!r}; "
            f"the classes are {labels!r}."
        )
    missing = [label for label in labels if label not in mapping]
    if default is None and missing:
        raise ValueError(
            f"{name} must give every class its value; it leaves out {missing!r} "
            f"(the classes are {labels!r})."
        )
    return np.array([float(mapping.get(label, default)) for label in labels])


def proportions(values, n_classes, *, name, positive=False):
    """Finite non-negative values, one per class, scaled to sum to 1.

    Parameters
    ----------
    values : array-like of shape (n_classes,)
        The unscaled values.
    n_classes : int
        How many values there must be.
    name : str
        The parameter's name, for the error message.
    positive : bool, default=False
        Whether every value must be above 0 (a class's prior in data that
        holds the class cannot be 0).

    Returns
    -------
    proportions : ndarray of shape (n_classes,)

    Examples
    --------
    >>> from skimb.weights import proportions
    >>> proportions([1, 3], 2, name="prior").tolist()
    [0.25, 0.75]
    """
    array = np.asarray(values, dtype=float)
    least_ok = array > 0 if positive else array >= 0
    if (
        array.shape != (n_classes,)
        or not np.all(np.isfinite(array) & least_ok)
        or not array.sum() > 0
    ):
        kind = "positive" if positive else "non-negative"
        raise ValueError(
            f"{name} must be {n_classes} finite {kind} numbers, one per class, "
            f"with a positive sum; got {values!r}."
        )
    return array / array.sum()


def _weights_from_dict(classes, weights):
    values = values_by_label(weights, classes, default=1.0, name="class_weight")
    bad = ~np.isfinite(values) | (values <= 0)
    if np.any(bad):
        raise ValueError(
            "Class weights must be finite and positive; got "
            f"{plain_label(values[bad][0])!r} for class "
            f"{plain_label(classes[bad][0])!r}."
        )
    return dict(zip(classes.tolist(), values.tolist()))


def class_weight_array(y, classes, scheme="balanced", *, beta=0.999, most=None):
    """Return class weights as an array aligned with ``classes``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    classes : array-like of shape (n_classes,)
        The label order of the returned array.
    scheme, beta, most
        As in :func:`compute_class_weight`. ``scheme=None`` gives all ones.

    Returns
    -------
    weights : ndarray of shape (n_classes,)
        The weight of each class of ``classes``; classes absent from ``y``
        get weight 1.

    Examples
    --------
    >>> from skimb.weights import class_weight_array
    >>> class_weight_array([0, 0, 0, 1], [0, 1], "balanced").tolist()
    [0.6666666666666666, 2.0]
    """
    classes = np.asarray(classes)
    if scheme is None:
        return np.ones(len(classes))
    weights = compute_class_weight(y, scheme, beta=beta, most=most)
    return np.array([weights.get(c, 1.0) for c in classes.tolist()])
