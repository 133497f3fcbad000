"""Oversampling by data augmentation."""

import numbers

import numpy as np
import scipy.sparse as sp
from imblearn.over_sampling.base import BaseOverSampler

from ._arrays import dense, seeded_rng, stack_rows

__all__ = ["AugmentOverSampler"]


def _gaussian(X_class, n_new, rng, noise_scale):
    """Jitter random rows of the class by noise scaled to each feature's spread,
    clipped to the class's range so that no feature leaves what the class shows."""
    base = X_class[rng.integers(len(X_class), size=n_new)]
    spread = X_class.std(axis=0) if len(X_class) > 1 else np.zeros(X_class.shape[1])
    noisy = base + rng.normal(size=base.shape) * noise_scale * spread
    return np.clip(noisy, X_class.min(axis=0), X_class.max(axis=0))


def _mixup(X_class, n_new, rng, alpha):
    """Convex combinations of two random rows of the class (mixup, Zhang et al.
    2018, kept inside one class), weights drawn from Beta(alpha, alpha)."""
    a = X_class[rng.integers(len(X_class), size=n_new)]
    b = X_class[rng.integers(len(X_class), size=n_new)]
    lam = rng.beta(alpha, alpha, size=(n_new, 1))
    return lam * a + (1 - lam) * b


class AugmentOverSampler(BaseOverSampler):
    """Oversample with augmented copies of rows of the same class.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn's over-samplers.
    method : {"gaussian", "mixup"} or callable, default="gaussian"
        ``"gaussian"``: a random row of the class plus Gaussian noise with
        standard deviation ``noise_scale`` times each feature's standard
        deviation within the class, clipped to the class's range;
        ``"mixup"``: ``lam * a + (1 - lam) * b`` for two random rows of the
        class and ``lam ~ Beta(alpha, alpha)``; a callable
        ``augment(X_class, n_new, random_state) -> X_new`` (``random_state`` a
        ``numpy.random.Generator``) for image, sequence or domain-specific
        augmentations.
    noise_scale : float, default=0.1
        For ``"gaussian"``.
    alpha : float, default=0.4
        For ``"mixup"``; small values keep new rows near one of their parents.
    random_state : int, RandomState instance or None, default=None
        Seed.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to add per class.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.sampling import AugmentOverSampler
    >>> X = np.arange(20, dtype=float).reshape(10, 2)
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> X_res, y_res = AugmentOverSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [8, 8]
    """

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "method": [str, callable],
        "noise_scale": [numbers.Real],
        "alpha": [numbers.Real],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        method="gaussian",
        noise_scale=0.1,
        alpha=0.4,
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.method = method
        self.noise_scale = noise_scale
        self.alpha = alpha
        self.random_state = random_state

    def _augment(self, X_class, n_new, rng):
        if callable(self.method):
            X_new = np.asarray(self.method(X_class, n_new, rng))
            if X_new.shape != (n_new, X_class.shape[1]):
                raise ValueError(
                    f"The augment callable must return an array of shape "
                    f"({n_new}, {X_class.shape[1]}); it returned {X_new.shape}."
                )
            return X_new
        if self.method == "gaussian":
            return _gaussian(X_class, n_new, rng, self.noise_scale)
        return _mixup(X_class, n_new, rng, self.alpha)

    def _check_params(self):
        if not callable(self.method) and self.method not in ("gaussian", "mixup"):
            raise ValueError(
                "method must be 'gaussian', 'mixup' or a callable; "
                f"got {self.method!r}."
            )
        # written so that NaN fails too
        if not self.noise_scale >= 0:
            raise ValueError(f"noise_scale must be >= 0; got {self.noise_scale!r}.")
        if not self.alpha > 0:
            raise ValueError(f"alpha must be > 0; got {self.alpha!r}.")

    def _fit_resample(self, X, y):
        self._check_params()
        rng = seeded_rng(self.random_state)
        X_dense = dense(X)
        blocks, labels = [], []
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            X_new = self._augment(X_dense[y == label], n_new, rng)
            blocks.append(X_new.astype(X_dense.dtype, copy=False))
            labels.append(np.full(n_new, label, dtype=y.dtype))
        sparse_input = sp.issparse(X)
        X_res = stack_rows(X if sparse_input else X_dense, blocks, sparse_input)
        return X_res, np.concatenate([y, *labels])
