"""k-means inside one class: the clustering step shared by the cluster samplers."""

import numbers
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from ..weights import plain_label

__all__ = ["cluster_class", "clusters_of_classes", "resolve_n_clusters"]

_AUTO_MAX_CLUSTERS = 8
_AUTO_MIN_CLUSTER_ROWS = 5
_AUTO_MIN_SILHOUETTE = 0.25
_SILHOUETTE_SAMPLE = 1000


def resolve_n_clusters(n_clusters, label):
    """The ``n_clusters`` parameter for one class: an int, "auto" or a dict entry."""
    value = (
        n_clusters.get(label, "auto") if isinstance(n_clusters, dict) else n_clusters
    )
    if value == "auto":
        return value
    if not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(
            f"n_clusters must be 'auto', an int >= 1 or a dict of them; got "
            f"{value!r} for class {plain_label(label)!r}."
        )
    return int(value)


def _check_dict_labels(n_clusters, classes):
    """A dict of cluster counts names only classes of y (a misspelt one would
    leave its class at "auto" unnoticed)."""
    classes = classes.tolist()
    unknown = [label for label in n_clusters if label not in classes]
    if unknown:
        raise ValueError(
            f"n_clusters names classes that are not in y: {unknown!r}; the classes "
            f"are {classes!r}."
        )


def _kmeans(X, k, seed):
    return KMeans(n_clusters=k, n_init=3, random_state=seed).fit(X).labels_


def _auto_labels(X, rng):
    """Choose k by the silhouette; one cluster when no split is convincing.

    The largest k tried keeps about ``_AUTO_MIN_CLUSTER_ROWS`` rows per cluster;
    a split is kept only when its silhouette reaches 0.25, the usual threshold
    below which cluster structure is considered absent.
    """
    n = len(X)
    k_max = min(_AUTO_MAX_CLUSTERS, n // _AUTO_MIN_CLUSTER_ROWS)
    best_labels, best_score = np.zeros(n, dtype=int), _AUTO_MIN_SILHOUETTE
    for k in range(2, k_max + 1):
        seed = int(rng.integers(np.iinfo(np.int32).max))
        labels = _kmeans(X, k, seed)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(
            X, labels, sample_size=min(n, _SILHOUETTE_SAMPLE), random_state=seed
        )
        if score > best_score:
            best_labels, best_score = labels, score
    return best_labels


def cluster_class(X, n_clusters, label, rng):
    """Cluster the rows of one class; returns a cluster label per row.

    A class with fewer rows than ``n_clusters`` gets one cluster per row at most
    (with a warning) instead of an error from k-means.
    """
    n = len(X)
    if n_clusters == "auto":
        return _auto_labels(X, rng)
    k = n_clusters
    if n < k:
        warnings.warn(
            f"Class {plain_label(label)!r} has {n} rows, fewer than "
            f"n_clusters={k}; using "
            f"{n} cluster(s) for it.",
            UserWarning,
            stacklevel=3,
        )
        k = n
    if k == 1:
        return np.zeros(n, dtype=int)
    distinct = len(np.unique(X, axis=0))
    if distinct < k:
        k = distinct  # k-means cannot place more centres than distinct rows
    return _kmeans(X, k, int(rng.integers(np.iinfo(np.int32).max)))


def clusters_of_classes(X_dense, y, labels, n_clusters, rng):
    """The rows and cluster labels of each class in ``labels``, in order.

    Parameters
    ----------
    X_dense : ndarray of shape (n_samples, n_features)
        All the rows.
    y : ndarray of shape (n_samples,)
        Their classes.
    labels : iterable
        The classes to cluster.
    n_clusters : int, "auto" or dict
        As the samplers' parameter (see :func:`resolve_n_clusters`).
    rng : numpy.random.Generator
        Seeds the clusterings.

    Returns
    -------
    clusters : dict
        ``{label: (row indices, cluster label of each row)}``.
    """
    if isinstance(n_clusters, dict):
        _check_dict_labels(n_clusters, np.unique(y))
    clusters = {}
    for label in labels:
        rows = np.flatnonzero(y == label)
        clusters[label] = (
            rows,
            cluster_class(
                X_dense[rows], resolve_n_clusters(n_clusters, label), label, rng
            ),
        )
    return clusters
