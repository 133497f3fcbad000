"""Cluster-based over- and under-sampling."""

import numbers
from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.under_sampling.base import BaseUnderSampler

from ._arrays import dense, seeded_rng, split_evenly, stack_rows
from ._clusters import clusters_of_classes

__all__ = ["ClusterOverSampler", "ClusterUnderSampler"]

_N_CLUSTERS_CONSTRAINT = [str, numbers.Integral, Mapping]


class ClusterOverSampler(BaseOverSampler):
    """Cluster-based oversampling (Jo & Japkowicz 2004).

    k-means is run on each targeted class separately; inside the class every
    cluster is grown to the same size, at least that of the class's largest
    cluster, and the class to the size ``sampling_strategy`` asks for, so that
    small sub-groups of a class are no longer swamped by its large ones
    (within-class imbalance) while the classes are balanced (between-class
    imbalance). Classes that ``sampling_strategy`` does not target are left
    as they are.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn's over-samplers (the final class sizes).
        A class whose clusters need more rows than the strategy asks for gets
        the rows its clusters need.
    n_clusters : "auto", int or dict, default="auto"
        Clusters per class: an int for every class, a dict ``{label: int or
        "auto"}`` (a class it leaves out gets ``"auto"``), or ``"auto"``: k
        from 2 to 8 chosen by the silhouette (about five rows per cluster at
        least), one cluster when no split reaches a silhouette of 0.25. A
        class with fewer rows than clusters gets one cluster per row at most,
        with a warning.
    new_rows : {"copy", "interpolate"}, default="copy"
        ``"copy"``: new rows are random copies of rows of the same cluster;
        ``"interpolate"``: each new row lies at a random point on the segment
        between two random rows of the same cluster.
    random_state : int, RandomState instance or None, default=None
        Seed of k-means and of the draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to add per class, as imbalanced-learn computes it.
    cluster_labels_ : dict
        For each targeted class, the cluster of each of its original rows.
    sample_indices_ : ndarray
        With ``new_rows="copy"``: the original row of every output row.

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.sampling import ClusterOverSampler
    >>> rng = np.random.default_rng(0)
    >>> X = np.r_[rng.normal(0, 1, (100, 2)), rng.normal(8, 0.3, (10, 2)),
    ...           rng.normal(-8, 0.3, (30, 2))]
    >>> y = np.r_[np.zeros(100, int), np.ones(40, int)]
    >>> sampler = ClusterOverSampler(n_clusters=2, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [100, 100]
    """

    _parameter_constraints = {
        **BaseOverSampler._parameter_constraints,
        "n_clusters": _N_CLUSTERS_CONSTRAINT,
        "new_rows": [str],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        n_clusters="auto",
        new_rows="copy",
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_clusters = n_clusters
        self.new_rows = new_rows
        self.random_state = random_state

    def _fit_resample(self, X, y):
        if self.new_rows not in ("copy", "interpolate"):
            raise ValueError(
                f"new_rows must be 'copy' or 'interpolate'; got {self.new_rows!r}."
            )
        rng = seeded_rng(self.random_state)
        sparse_input = sp.issparse(X)
        X_dense = dense(X)
        new_blocks, new_labels, copied = [], [], []
        by_class = clusters_of_classes(
            X_dense, y, self.sampling_strategy_, self.n_clusters, rng
        )
        self.cluster_labels_ = {label: c for label, (_, c) in by_class.items()}
        for label, n_add in self.sampling_strategy_.items():
            rows, clusters = by_class[label]
            for cluster_rows, n_new in self._growth(rows, clusters, n_add):
                if n_new == 0:
                    continue
                block, sources = self._new_rows(X_dense, cluster_rows, n_new, rng)
                new_blocks.append(block.astype(X_dense.dtype, copy=False))
                new_labels.append(np.full(n_new, label, dtype=y.dtype))
                copied.append(sources)
        X_res = stack_rows(X if sparse_input else X_dense, new_blocks, sparse_input)
        y_res = np.concatenate([y, *new_labels])
        if self.new_rows == "copy":
            self.sample_indices_ = np.concatenate([np.arange(len(y)), *copied]).astype(
                int
            )
        return X_res, y_res

    @staticmethod
    def _growth(rows, clusters, n_add):
        """Rows to add to each cluster: equal final cluster sizes."""
        members = [rows[clusters == c] for c in np.unique(clusters)]
        largest = max(len(m) for m in members)
        final_total = max(len(rows) + n_add, largest * len(members))
        finals = split_evenly(final_total, len(members))
        # the largest clusters need no remainder row before the small ones
        order = np.argsort([-len(m) for m in members], kind="stable")
        finals = finals[np.argsort(order, kind="stable")]
        finals = np.maximum(finals, [len(m) for m in members])
        return [(m, int(f - len(m))) for m, f in zip(members, finals)]

    def _new_rows(self, X, cluster_rows, n_new, rng):
        if self.new_rows == "copy" or len(cluster_rows) == 1:
            sources = rng.choice(cluster_rows, size=n_new)
            return X[sources], sources
        a = rng.choice(cluster_rows, size=n_new)
        b = rng.choice(cluster_rows, size=n_new)
        step = rng.random((n_new, 1))
        return X[a] + step * (X[b] - X[a]), a

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = self.new_rows == "copy"
        return tags


class ClusterUnderSampler(BaseUnderSampler):
    """Cluster-based undersampling that takes rows from the big clusters first.

    k-means is run on each targeted class; to bring the class down to the size
    ``sampling_strategy`` asks for, the clusters are cut to a common ceiling:
    clusters above it lose rows (at random) down to it, clusters below keep all
    their members. The class's rare sub-groups survive, where uniform random
    undersampling would thin them out like the rest.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn's under-samplers.
    n_clusters : "auto", int or dict, default="auto"
        Clusters per class, as in :class:`ClusterOverSampler`.
    random_state : int, RandomState instance or None, default=None
        Seed of k-means and of the draws.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows to keep per targeted class.
    cluster_labels_ : dict
        For each targeted class, the cluster of each of its original rows.
    sample_indices_ : ndarray
        The original index of every kept row.

    Examples
    --------
    >>> from skimb.sampling import ClusterUnderSampler
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = np.r_[rng.normal(0, 0.3, (90, 2)), rng.normal(6, 0.3, (10, 2)),
    ...           rng.normal(3, 1, (20, 2))]
    >>> y = np.r_[np.zeros(100, int), np.ones(20, int)]
    >>> sampler = ClusterUnderSampler(n_clusters=2, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res).tolist(), int(np.sum(X_res[y_res == 0, 0] > 3))
    ([20, 20], 10)
    """

    _parameter_constraints = {
        **BaseUnderSampler._parameter_constraints,
        "n_clusters": _N_CLUSTERS_CONSTRAINT,
        "random_state": ["random_state"],
    }

    def __init__(
        self, *, sampling_strategy="auto", n_clusters="auto", random_state=None
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_clusters = n_clusters
        self.random_state = random_state

    def _fit_resample(self, X, y):
        rng = seeded_rng(self.random_state)
        X_dense = dense(X)
        keep = [np.flatnonzero(~np.isin(y, list(self.sampling_strategy_)))]
        by_class = clusters_of_classes(
            X_dense, y, self.sampling_strategy_, self.n_clusters, rng
        )
        self.cluster_labels_ = {label: c for label, (_, c) in by_class.items()}
        for label, n_keep in self.sampling_strategy_.items():
            rows, clusters = by_class[label]
            members = [rows[clusters == c] for c in np.unique(clusters)]
            quotas = _water_fill([len(m) for m in members], n_keep)
            for m, quota in zip(members, quotas):
                keep.append(rng.choice(m, size=quota, replace=False))
        self.sample_indices_ = np.sort(np.concatenate(keep)).astype(int)
        rows = self.sample_indices_
        X_out = X[rows] if sp.issparse(X) else X_dense[rows]
        return X_out, y[rows]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags


def _water_fill(sizes, total):
    """Per-cluster quotas: the largest common ceiling that keeps ``total`` rows.

    Clusters smaller than the ceiling keep all their rows; the others are cut
    to the ceiling (the largest ones take the remainder rows first).
    """
    sizes = np.asarray(sizes)
    quotas = np.zeros_like(sizes)
    remaining, open_ = int(total), np.ones(len(sizes), dtype=bool)
    while remaining > 0 and open_.any():
        share = remaining // open_.sum()
        small = open_ & (sizes - quotas <= share)
        if small.any() and share > 0:
            quotas[small] = sizes[small]
            remaining -= int((sizes[small]).sum())
            open_ &= ~small
            continue
        idx = np.flatnonzero(open_)
        ceiling = np.full(len(idx), share)
        extra = remaining - share * len(idx)
        order = np.argsort(-sizes[idx], kind="stable")
        ceiling[order[:extra]] += 1
        quotas[idx] = np.minimum(ceiling, sizes[idx])
        remaining = 0
    return quotas
