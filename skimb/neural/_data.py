"""The net's data path: tensors held once, batches cut by indexing.

skorch's default path builds every batch from per-row ``__getitem__`` calls
and a collate step; on tabular data that costs more than the forward pass.
Here the whole data set is one float32 tensor and a batch is one index
operation.
"""

import numpy as np
import torch
from torch.utils.data import Dataset, Subset

__all__ = ["BatchIterator", "TensorData", "stratified_split"]


class TensorData(Dataset):
    """Features (float32) and optional encoded targets (int64), as tensors.

    Parameters
    ----------
    X : array-like or torch.Tensor of shape (n_samples, n_features)
        Features; converted to a float32 tensor without copy when possible.
    y : array-like or torch.Tensor of shape (n_samples,), default=None
        Integer-encoded targets.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import TensorData
    >>> data = TensorData(np.zeros((3, 2)), np.array([0, 1, 0]))
    >>> len(data), data.X.dtype
    (3, torch.float32)
    """

    def __init__(self, X, y=None):
        self.X = _float_tensor(X)
        self.y = None if y is None else torch.as_tensor(np.asarray(y), dtype=torch.long)

    def __len__(self):
        return len(self.X)

    def __getitem__(self, index):
        return self.X[index], (None if self.y is None else self.y[index])

    def take(self, indices):
        """Return a new TensorData with the rows at ``indices``."""
        indices = torch.as_tensor(np.asarray(indices), dtype=torch.long)
        return TensorData(self.X[indices], None if self.y is None else self.y[indices])


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

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.neural import BatchIterator, TensorData
    >>> batches = BatchIterator(TensorData(np.zeros((5, 2)), [0] * 5), batch_size=2)
    >>> [len(xb) for xb, yb in batches]
    [2, 2, 1]
    """

    def __init__(self, data, batch_size, shuffle=False, batch_sampler=None):
        self.data = data
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.batch_sampler = batch_sampler

    def __len__(self):
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return -(-len(self.data) // self.batch_size)

    def __iter__(self):
        X, y = self.data.X, self.data.y
        for index in self._batch_indices():
            yield X[index], (None if y is None else y[index])

    def _batch_indices(self):
        if self.batch_sampler is not None:
            for index in self.batch_sampler:
                yield torch.as_tensor(np.asarray(index), dtype=torch.long)
            return
        n = len(self.data)
        if not self.shuffle:
            for start in range(0, n, self.batch_size):
                yield slice(start, start + self.batch_size)
            return
        order = torch.randperm(n)
        for start in range(0, n, self.batch_size):
            yield order[start : start + self.batch_size]


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
