"""Mini-batches that hold the classes in chosen proportions."""

import numbers

import numpy as np
from torch.utils.data import Sampler

from ..weights import proportions, values_by_label

__all__ = ["BalancedBatchSampler", "class_shares"]


def class_shares(counts, shares, labels=None):
    """Resolve a share specification into one share per class (summing to 1).

    Parameters
    ----------
    counts : array-like of shape (n_classes,)
        Rows per class.
    shares : "balanced", "sqrt", dict or array-like
        ``"balanced"``: equal shares; ``"sqrt"``: proportional to the square
        root of the counts; a dict ``{label: share}`` naming every class
        (labels from ``labels``; a share of 0 leaves a class out) or an array
        in class order.
    labels : array-like, default=None
        The class labels, for a dict.

    Returns
    -------
    shares : ndarray of shape (n_classes,)
        Non-negative, summing to 1.

    Examples
    --------
    >>> from skimb.neural import class_shares
    >>> class_shares([90, 10], "sqrt").round(3).tolist()
    [0.75, 0.25]
    """
    counts = np.asarray(counts, dtype=float)
    k = len(counts)
    if isinstance(shares, str):
        if shares == "balanced":
            return np.full(k, 1.0 / k)
        if shares == "sqrt":
            root = np.sqrt(counts)
            return root / root.sum()
        raise ValueError(
            f"Unknown batch shares {shares!r}; use 'balanced', 'sqrt', a dict of "
            "class shares or an array."
        )
    if isinstance(shares, dict):
        labels = range(k) if labels is None else labels
        shares = values_by_label(shares, labels, default=None, name="batch_sampling")
    return proportions(shares, k, name="Class shares")


def _allocate(batch_size, shares):
    """Rows per class in one batch: largest-remainder rounding of the shares."""
    exact = batch_size * shares
    counts = np.floor(exact).astype(int)
    remainder = batch_size - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:remainder]] += 1
    return counts


class BalancedBatchSampler(Sampler):
    """Batch sampler whose batches hold each class in fixed proportions.

    Every batch has exactly ``round(batch_size * share_k)`` rows of class k
    (largest-remainder rounding, so the batch has ``batch_size`` rows). An
    epoch has as many batches as plain shuffling would give. The rows of each
    class are drawn from shuffled passes over that class, repeated as often as
    needed: a small class is drawn with replacement, each of its rows about
    equally often; everything is re-drawn at every epoch.

    It yields lists of row indices, so it also works as the ``batch_sampler``
    of a plain ``torch.utils.data.DataLoader``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels of the rows.
    batch_size : int
        Rows per batch.
    shares : "balanced", "sqrt", dict or array-like, default="balanced"
        Class proportions in a batch (see :func:`class_shares`).
    n_batches : int, default=None
        Batches per epoch; default ``ceil(n_samples / batch_size)``.
    random_state : int, RandomState instance or None, default=None
        Seed of the draws.

    Attributes
    ----------
    classes_ : ndarray
        The class labels.
    shares_ : ndarray
        The current share of each class (changed by :meth:`set_shares`).

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import BalancedBatchSampler
    >>> y = np.array([0] * 90 + [1] * 10)
    >>> sampler = BalancedBatchSampler(y, batch_size=10, random_state=0)
    >>> batch = next(iter(sampler))
    >>> int(np.sum(y[batch] == 1))
    5
    """

    def __init__(
        self, y, batch_size, *, shares="balanced", n_batches=None, random_state=None
    ):
        self.y = np.asarray(y)
        if not isinstance(batch_size, numbers.Integral) or batch_size < 1:
            raise ValueError(f"batch_size must be an int >= 1; got {batch_size!r}.")
        self.batch_size = int(batch_size)
        self.classes_, encoded = np.unique(self.y, return_inverse=True)
        self._rows = [np.flatnonzero(encoded == k) for k in range(len(self.classes_))]
        self.n_batches = (
            -(-len(self.y) // self.batch_size) if n_batches is None else int(n_batches)
        )
        self._rng = np.random.default_rng(
            random_state
            if not isinstance(random_state, np.random.RandomState)
            else random_state.randint(np.iinfo(np.int32).max)
        )
        self.set_shares(shares)

    def set_shares(self, shares):
        """Change the class proportions of the following epochs.

        Parameters
        ----------
        shares : "balanced", "sqrt", dict or array-like
            As in the constructor.

        Returns
        -------
        self : BalancedBatchSampler
            This sampler.
        """
        counts = [len(rows) for rows in self._rows]
        resolved = class_shares(counts, shares, labels=self.classes_)
        if isinstance(shares, str) and shares == "balanced":
            if self.batch_size < len(self.classes_):
                raise ValueError(
                    f"batch_size={self.batch_size} is smaller than the number of "
                    f"classes ({len(self.classes_)}): a balanced batch needs at "
                    "least one row of each class."
                )
        self.shares_ = resolved
        self._per_batch = _allocate(self.batch_size, resolved)
        return self

    def __len__(self):
        return self.n_batches

    def _draw(self, rows, n):
        passes = -(-n // len(rows)) if n else 0
        drawn = np.concatenate(
            [self._rng.permutation(rows) for _ in range(passes)] or [rows[:0]]
        )
        return drawn[:n]

    def __iter__(self):
        per_class = [
            self._draw(rows, n * self.n_batches).reshape(self.n_batches, n)
            for rows, n in zip(self._rows, self._per_batch)
        ]
        for b in range(self.n_batches):
            batch = np.concatenate([drawn[b] for drawn in per_class])
            yield self._rng.permutation(batch).tolist()
