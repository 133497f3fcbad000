"""SizeAwareCV: k folds on small data, one held-out split on large data."""

import numbers

import numpy as np
from sklearn.model_selection import BaseCrossValidator, StratifiedKFold
from sklearn.utils import check_random_state

from .neural import held_out_share, stratified_split
from .neural._sizing import rarest_class_rows

__all__ = ["SizeAwareCV"]


def uses_one_split(class_counts, n_splits, rare_rows):
    """Whether one held-out split measures the rare class well enough.

    True when ``n_splits`` folds would each hold at least ``rare_rows`` rows
    of the rarest class: one held-out part of at most ``1 / n_splits`` of the
    rows then holds ``rare_rows`` of them.

    Examples
    --------
    >>> from skimb._split import uses_one_split
    >>> uses_one_split([99_000, 1_000], 5, 1_000)
    False
    >>> uses_one_split([990_000, 10_000], 5, 1_000)
    True
    """
    return rarest_class_rows(class_counts) >= n_splits * rare_rows


class SizeAwareCV(BaseCrossValidator):
    """Stratified k-fold, or one stratified held-out split once the rare class is large.

    Out-of-fold predictions choose a decision threshold, and k folds are
    there to give it enough held-out rows of the rare class. Once the rarest
    class has ``n_splits * rare_rows`` rows or more, one held-out part
    holding ``rare_rows`` of them (at most ``1 / n_splits`` of the rows) is
    enough (see :func:`~skimb.neural.held_out_share`), and the k - 1 other
    fits would only cost time: one split is made instead. Below that, it is
    :class:`~sklearn.model_selection.StratifiedKFold` (shuffled).

    With ``n_splits=5`` and ``rare_rows=1000``: up to 4,999 rows of the
    rarest class, five folds; from 5,000, one split. A million rows with 1 %
    positives (10,000) hold out a tenth.

    Parameters
    ----------
    n_splits : int, default=5
        Folds on small data (at least 2).
    rare_rows : int, default=1000
        Rows of the rarest class in the one held-out part on large data.
    random_state : int, RandomState instance or None, default=None
        Shuffles the folds and draws the held-out rows.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb import SizeAwareCV
    >>> y = np.array([0] * 1_900 + [1] * 100)
    >>> SizeAwareCV(rare_rows=10).get_n_splits(y=y)
    1
    >>> SizeAwareCV(rare_rows=1000).get_n_splits(y=y)
    5
    """

    def __init__(self, n_splits=5, *, rare_rows=1000, random_state=None):
        self.n_splits = n_splits
        self.rare_rows = rare_rows
        self.random_state = random_state

    def _check(self):
        for name, least in (("n_splits", 2), ("rare_rows", 1)):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or value < least:
                raise ValueError(f"{name} must be an int >= {least}; got {value!r}.")

    def get_n_splits(self, X=None, y=None, groups=None):
        """Splits for ``y``: 1 on large data, ``n_splits`` otherwise (or without y)."""
        self._check()
        if y is None:
            return self.n_splits
        counts = np.unique(np.asarray(y), return_counts=True)[1]
        return (
            1
            if uses_one_split(counts, self.n_splits, self.rare_rows)
            else self.n_splits
        )

    def split(self, X, y, groups=None):
        """Yield ``(train, test)`` row indices: one pair, or ``n_splits``."""
        self._check()
        y = np.asarray(y)
        labels, counts = np.unique(y, return_counts=True)
        if not uses_one_split(counts, self.n_splits, self.rare_rows):
            folds = StratifiedKFold(
                self.n_splits, shuffle=True, random_state=self.random_state
            )
            yield from folds.split(np.zeros(len(y)), y)
            return
        share = held_out_share(counts, 1 / self.n_splits, self.rare_rows)
        encoded = np.searchsorted(labels, y)
        yield stratified_split(encoded, share, check_random_state(self.random_state))

    def _iter_test_indices(self, X=None, y=None, groups=None):
        for _, test in self.split(X, y, groups):
            yield test
