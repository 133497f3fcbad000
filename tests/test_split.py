"""SizeAwareCV, and make_imbalanced_pipeline's one network on large data."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.model_selection import StratifiedKFold

from skimb import SizeAwareCV, make_imbalanced_pipeline


def _labels(negatives, positives):
    return np.array([0] * negatives + [1] * positives)


def test_small_data_gets_stratified_folds():
    y = _labels(950, 50)
    cv = SizeAwareCV(5, random_state=0)
    assert cv.get_n_splits(y=y) == 5
    expected = StratifiedKFold(5, shuffle=True, random_state=0).split(y, y)
    for (train, test), (e_train, e_test) in zip(cv.split(None, y), expected):
        np.testing.assert_array_equal(train, e_train)
        np.testing.assert_array_equal(test, e_test)


def test_large_rare_class_gets_one_split_holding_rare_rows():
    y = _labels(40_000, 6_000)
    splits = list(SizeAwareCV(5, rare_rows=1_000, random_state=0).split(None, y))
    assert len(splits) == 1
    train, test = splits[0]
    assert np.bincount(y[test]).tolist() == [round(40_000 / 6), 1_000]
    assert len(np.intersect1d(train, test)) == 0
    assert len(train) + len(test) == len(y)


def test_the_rule_starts_at_n_splits_times_rare_rows():
    cv = SizeAwareCV(4, rare_rows=10)
    assert cv.get_n_splits(y=_labels(500, 39)) == 4
    assert cv.get_n_splits(y=_labels(500, 40)) == 1
    assert cv.get_n_splits() == 4


def test_labels_of_any_type_are_split():
    y = np.array(["no"] * 500 + ["yes"] * 40)
    [(train, test)] = SizeAwareCV(4, rare_rows=10, random_state=0).split(None, y)
    assert (y[test] == "yes").sum() == 10


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_splits": 1}, "n_splits must be an int >= 2"),
        ({"rare_rows": 0}, "rare_rows must be an int >= 1"),
        ({"rare_rows": 2.5}, "rare_rows must be an int >= 1"),
    ],
)
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        list(SizeAwareCV(**params).split(None, _labels(90, 10)))


def test_pipeline_defaults_to_size_aware_folds():
    model = make_imbalanced_pipeline(random_state=3)
    assert isinstance(model.cv, SizeAwareCV)
    assert model.cv.random_state == 3
    assert make_imbalanced_pipeline(cv=3).cv == 3


def test_pipeline_trains_one_network_once_the_rare_class_is_large():
    """With one held-out split: one network, judged by the bootstrap rule."""
    X, y = make_classification(1_500, 5, weights=[0.9], random_state=0)
    model = make_imbalanced_pipeline(
        cv=SizeAwareCV(5, rare_rows=20, random_state=0), max_epochs=3, random_state=0
    ).fit(X, y)
    assert len(model.estimator_.models) == 1
    assert model.rule_ == "1se"
    net = model.estimator_.models[0].named_steps["net"]
    # trained on every row but the held-out ones, which it was validated on
    assert net.class_counts_[1] == (y == 1).sum() - 20
    assert net.valid_class_counts_[1] == 20
    assert model.predict_proba(X).shape == (1_500, 2)
