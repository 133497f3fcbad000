"""Synthetic imbalanced data for examples and tests."""

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["make_traffic_lights"]

_LIGHTS = ("red", "yellow", "green")
_SHARES = (0.56, 0.03, 0.41)
# centres in (hue, brightness, position) per light; yellow sits between red and
# green in hue, so a majority-driven model absorbs it into its neighbours
_CENTRES = np.array([[0.0, 0.0, 0.0], [1.5, 1.4, 0.7], [3.0, 0.0, 0.0]])


def make_traffic_lights(n_samples=2000, *, n_noise=2, random_state=None):
    """Three-class data with the 56 / 3 / 41 split of red / yellow / green.

    Three informative features (a hue-like axis on which yellow lies between
    red and green, plus two weaker ones) and ``n_noise`` noise features, all
    Gaussian with unit spread. Yellow is rare and overlaps both neighbours, so
    accuracy stays high while yellow is missed.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows; class counts are the shares rounded, each class at
        least 1.
    n_noise : int, default=2
        Number of pure-noise features appended.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, 3 + n_noise)
        Features.
    y : ndarray of shape (n_samples,)
        ``"red"``, ``"yellow"`` or ``"green"``.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.datasets import make_traffic_lights
    >>> X, y = make_traffic_lights(1000, random_state=0)
    >>> {str(k): int(v) for k, v in zip(*np.unique(y, return_counts=True))}
    {'green': 410, 'red': 560, 'yellow': 30}
    """
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 3:
        raise ValueError(f"n_samples must be an int >= 3; got {n_samples!r}.")
    if not isinstance(n_noise, (int, np.integer)) or n_noise < 0:
        raise ValueError(f"n_noise must be an int >= 0; got {n_noise!r}.")
    rng = check_random_state(random_state)
    n_yellow = max(1, round(_SHARES[1] * n_samples))
    # green keeps at least one row
    n_red = min(round(_SHARES[0] * n_samples), n_samples - n_yellow - 1)
    counts = (n_red, n_yellow, n_samples - n_red - n_yellow)
    y = np.repeat(np.array(_LIGHTS), counts)
    centres = np.repeat(_CENTRES, counts, axis=0)
    informative = centres + rng.normal(scale=[0.6, 1.0, 1.0], size=centres.shape)
    X = np.hstack([informative, rng.normal(size=(n_samples, n_noise))])
    order = rng.permutation(n_samples)
    return X[order], y[order]
