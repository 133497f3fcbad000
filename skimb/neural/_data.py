"""The net's data path: tensors held once, batches cut by indexing.

skorch's default path builds every batch from per-row ``__getitem__`` calls
and a collate step; on tabular data that costs more than the forward pass.
Here the whole data set is one float32 tensor and a batch is one index
operation.
"""

import itertools

import numpy as np
import torch
from torch.utils.data import Dataset, Subset

__all__ = [
    "BatchIterator",
    "TensorData",
    "resampled_weights",
    "split_targets",
    "stratified_split",
    "weighted_targets",
]


def weighted_targets(y, w):
    """Encoded labels and row weights in one float tensor of shape (n, 2).

    skorch hands a batch's targets to the loss as they come; packing the row
    weights beside the labels lets them reach the loss through skorch's
    public path, ``criterion(y_pred, y_true)``, and the module never sees
    them. :func:`split_targets` unpacks.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import split_targets, weighted_targets
    >>> packed = weighted_targets(torch.tensor([0, 1]), torch.tensor([1.0, 3.0]))
    >>> labels, w = split_targets(packed)
    >>> labels.tolist(), w.tolist()
    ([0, 1], [1.0, 3.0])
    """
    return torch.stack((y.to(torch.float32), w.to(torch.float32)), dim=1)


def split_targets(target):
    """``(labels, row_weights)`` of a batch's targets; weights None if absent."""
    if target.ndim == 2:
        return target[:, 0].long(), target[:, 1]
    return target, None


class TensorData(Dataset):
    """Features (float32) and optional encoded targets (int64), as tensors.

    Parameters
    ----------
    X : array-like or torch.Tensor of shape (n_samples, n_features)
        Features; converted to a float32 tensor without copy when possible.
    y : array-like or torch.Tensor of shape (n_samples,), default=None
        Integer-encoded targets.
    w : array-like or torch.Tensor of shape (n_samples,), default=None
        Row weights, which travel with their rows and reach the loss packed
        beside the labels (:func:`weighted_targets`).
    rows : array-like of int, default=None
        The rows of ``X`` this data set holds, in order (``y`` and ``w`` are
        then given for these rows only); ``None``: all of them. A subset
        shares ``X`` instead of copying it (see :meth:`take`).

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import TensorData
    >>> data = TensorData(np.zeros((3, 2)), np.array([0, 1, 0]))
    >>> len(data), data.X.dtype
    (3, torch.float32)
    """

    def __init__(self, X, y=None, w=None, rows=None):
        self.X = _float_tensor(X)
        self.rows = None if rows is None else _index_tensor(rows)
        self.y = _tensor(y, torch.long)
        self.w = _tensor(w, torch.float32)

    def __len__(self):
        return len(self.X) if self.rows is None else len(self.rows)

    def __getitem__(self, index):
        return self.features(index), self.targets(index)

    def features(self, index):
        """The feature rows at ``index`` (positions in this data set)."""
        return self.X[index] if self.rows is None else self.X[self.rows[index]]

    def targets(self, index):
        """The targets of the rows at ``index``: labels, with their weights
        packed beside them when the data has row weights."""
        if self.y is None:
            return None
        if self.w is None:
            return self.y[index]
        return weighted_targets(self.y[index], self.w[index])

    def take(self, indices):
        """The rows at ``indices``, sharing this data set's feature tensor.

        Labels and weights are copied (a few bytes a row); the features are
        not: the new data set indexes into the same tensor, so a split of a
        large ``X`` costs no copy of it.
        """
        indices = _index_tensor(indices)

        def rows(values):
            return None if values is None else values[indices]

        shared = indices if self.rows is None else self.rows[indices]
        return TensorData(self.X, rows(self.y), rows(self.w), rows=shared)

    def feature_array(self):
        """The features of this data set's rows as one float32 array (a copy
        when it holds a subset of a larger tensor)."""
        return self.features(slice(None)).cpu().numpy()

    def to(self, device):
        """This data set with its tensors on ``device``."""

        def moved(values):
            return None if values is None else values.to(device)

        return TensorData(
            moved(self.X), moved(self.y), moved(self.w), rows=moved(self.rows)
        )

    @property
    def nbytes(self):
        """Bytes held by the features, labels, weights and row indices."""
        tensors = (self.X, self.y, self.w, self.rows)
        return sum(t.element_size() * t.nelement() for t in tensors if t is not None)


def _tensor(values, dtype):
    if values is None or isinstance(values, torch.Tensor):
        return None if values is None else values.to(dtype)
    return torch.as_tensor(np.asarray(values), dtype=dtype)


def _index_tensor(indices):
    if isinstance(indices, torch.Tensor):
        return indices.long()
    return torch.as_tensor(np.asarray(indices), dtype=torch.long)


def _float_tensor(X):
    if isinstance(X, torch.Tensor):
        return X.float()
    X = np.asarray(X, dtype=np.float32)
    if not X.flags.writeable or not X.flags.c_contiguous:
        # torch cannot share a read-only or strided buffer safely
        X = np.array(X, dtype=np.float32, order="C")
    return torch.from_numpy(X)


def as_tensor_data(dataset):
    """Turn a ``Subset`` of a TensorData (from a skorch-style split) into one."""
    if isinstance(dataset, Subset) and isinstance(dataset.dataset, TensorData):
        return dataset.dataset.take(dataset.indices)
    return dataset


def batch_starts(n_rows, batch_size, merge_lone_row=False):
    """The first row of each batch of ``n_rows`` rows cut ``batch_size`` at a time.

    A ``range``: nothing is built per batch, and its ``len`` is the number
    of batches. Each batch ends where the next starts, the last at
    ``n_rows``. With ``merge_lone_row``, a last batch of one row joins the
    batch before it: batch normalisation in training cannot normalise a
    single row (torch's ``BatchNorm1d`` refuses one), and one row's gradient
    step is the noisiest of the epoch.

    Examples
    --------
    >>> from skimb.neural._data import batch_starts
    >>> list(batch_starts(5, 2))
    [0, 2, 4]
    >>> list(batch_starts(5, 2, merge_lone_row=True))
    [0, 2]
    """
    starts = range(0, n_rows, batch_size)
    if merge_lone_row and len(starts) > 1 and n_rows - starts[-1] == 1:
        return starts[:-1]
    return starts


class BatchIterator:
    """Iterate over a TensorData in mini-batches of ``(X_batch, y_batch)``.

    Parameters
    ----------
    data : TensorData
        The data.
    batch_size : int
        Rows per batch (the last batch may be smaller).
    shuffle : bool, default=False
        Draw a new row order every pass (from torch's global generator, which
        the net seeds from its ``random_state``).
    batch_sampler : iterable of index arrays, default=None
        Yields the row indices of each batch; overrides ``batch_size`` and
        ``shuffle``.
    merge_lone_row : bool, default=False
        A last batch of one row joins the batch before it (one row cannot be
        batch-normalised in training); the batches of a ``batch_sampler`` are left
        as it makes them.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import BatchIterator, TensorData
    >>> batches = BatchIterator(TensorData(np.zeros((5, 2)), [0] * 5), batch_size=2)
    >>> [len(xb) for xb, yb in batches]
    [2, 2, 1]
    """

    def __init__(
        self, data, batch_size, shuffle=False, batch_sampler=None, merge_lone_row=False
    ):
        self.data = data
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.batch_sampler = batch_sampler
        self.merge_lone_row = merge_lone_row

    def __len__(self):
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self._starts())

    def __iter__(self):
        for index in self._batch_indices():
            yield self.data.features(index), self.data.targets(index)

    def _starts(self):
        return batch_starts(len(self.data), self.batch_size, self.merge_lone_row)

    def _bounds(self):
        """``(start, stop)`` of each batch: it stops where the next starts."""
        starts = self._starts()
        return zip(starts, itertools.chain(starts[1:], [len(self.data)]))

    def _batch_indices(self):
        if self.batch_sampler is not None:
            for index in self.batch_sampler:
                yield torch.as_tensor(np.asarray(index), dtype=torch.long)
            return
        if not self.shuffle:
            for start, stop in self._bounds():
                yield slice(start, stop)
            return
        order = torch.randperm(len(self.data))
        for start, stop in self._bounds():
            yield order[start:stop]


def resampled_weights(sampler, X, y, w, X_res, y_res):
    """The row weights of a sampler's output, from those of its input.

    A row the sampler kept or copied keeps the weight of its original, where
    the sampler says which rows those are (``sample_indices_``, as
    imbalanced-learn's random samplers do). A sampler that returns the given
    rows first and appends new, synthetic ones (SMOTE and its kin) leaves the
    given rows their weights and gives each new row the mean weight of its
    class: a synthetic row stands for its class, not for one row of it.

    Parameters
    ----------
    sampler : fitted imbalanced-learn sampler
        The sampler that produced ``X_res, y_res`` from ``X, y``.
    X, y, w : ndarray
        Its input rows, labels and weights.
    X_res, y_res : ndarray
        Its output.

    Returns
    -------
    w_res : ndarray of shape (len(y_res),)

    Raises
    ------
    ValueError
        When the output's rows cannot be traced back to the input.
    """
    indices = getattr(sampler, "sample_indices_", None)
    if indices is not None:
        return np.asarray(w)[indices]
    n = len(y)
    if len(y_res) >= n and np.array_equal(y_res[:n], y) and np.allclose(X_res[:n], X):
        classes = np.arange(max(int(y.max()), int(np.max(y_res))) + 1)
        totals = np.bincount(y, weights=w, minlength=len(classes))
        counts = np.bincount(y, minlength=len(classes))
        means = np.divide(totals, counts, out=np.ones(len(classes)), where=counts > 0)
        return np.r_[w, means[y_res[n:]]]
    raise ValueError(
        f"sample_weight cannot follow the rows through {type(sampler).__name__}: "
        "it neither reports the rows it kept (sample_indices_) nor returns the "
        "given rows first. Resample before fitting and pass the new rows' "
        "weights, or leave sample_weight out."
    )


def stratified_split(y, valid_fraction, rng):
    """Split row indices so that each class keeps its share in both parts.

    Every class with at least two rows puts at least one into the validation
    part and keeps at least one for training; a class with a single row stays
    in training.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        Class labels.
    valid_fraction : float in (0, 1)
        Share of each class put into the validation part.
    rng : numpy.random.Generator
        Draws the rows.

    Returns
    -------
    train, valid : ndarray of int
        Sorted row indices of the two parts.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import stratified_split
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> train, valid = stratified_split(y, 0.25, np.random.default_rng(0))
    >>> np.bincount(y[valid]).tolist()
    [2, 1]
    """
    train, valid = [], []
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        n_valid = int(round(valid_fraction * len(rows)))
        n_valid = min(max(n_valid, 1), len(rows) - 1)
        valid.append(rows[:n_valid])
        train.append(rows[n_valid:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(valid))
