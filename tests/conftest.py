import numpy as np
import pytest
import torch
from sklearn.base import BaseEstimator, ClassifierMixin

torch.set_num_threads(1)


@pytest.fixture
def seed():
    """The seed shared by the tests."""
    return 0


@pytest.fixture
def rng(seed):
    return np.random.default_rng(seed)


@pytest.fixture
def binary_data(seed):
    """A small imbalanced binary problem (10% positives)."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        weights=[0.9],
        class_sep=1.5,
        random_state=seed,
    )


@pytest.fixture
def multiclass_data(seed):
    """A small imbalanced three-class problem."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        n_classes=3,
        weights=[0.6, 0.3, 0.1],
        class_sep=1.5,
        random_state=seed,
    )


class _ScoreColumn(ClassifierMixin, BaseEstimator):
    """A fitted binary classifier whose positive probability is X[:, 0]."""

    classes_ = np.array([0, 1])

    def fit(self, X, y):
        return self

    def __sklearn_is_fitted__(self):
        return True

    def predict_proba(self, X):
        p = np.asarray(X, dtype=float)[:, 0]
        return np.column_stack([1 - p, p])


@pytest.fixture
def score_column():
    """A prefit classifier that scores each row by its first column."""
    return _ScoreColumn()
