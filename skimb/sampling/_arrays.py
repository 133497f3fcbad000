"""Array helpers shared by the samplers (dense views, seeded draws, stacking)."""

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state

__all__ = ["dense", "seeded_rng", "split_evenly", "stack_rows"]


def dense(X):
    return X.toarray() if sp.issparse(X) else np.asarray(X)


def split_evenly(total, n_parts):
    """``total`` rows over ``n_parts`` parts, sizes differing by at most one."""
    sizes = np.full(n_parts, total // n_parts)
    sizes[: total % n_parts] += 1
    return sizes


def seeded_rng(random_state):
    return np.random.default_rng(
        check_random_state(random_state).randint(np.iinfo(np.int32).max)
    )


def stack_rows(X, blocks, sparse_input):
    if sparse_input:
        return sp.vstack([X, *[sp.csr_matrix(b) for b in blocks]]).asformat(X.format)
    return np.vstack([X, *blocks]) if blocks else X
