import numpy as np
import pytest
from sklearn.metrics import (
    balanced_accuracy_score,
    confusion_matrix,
    fbeta_score,
    matthews_corrcoef,
)

from skimb.metrics import (
    binary_objective_curve,
    confusion_counts,
    confusion_objective,
    count_objective,
)
from skimb.metrics._sweep import fbeta_of


@pytest.fixture
def tied_scores(rng):
    positive = rng.random(1000) < 0.1
    score = np.round(rng.random(1000) + 0.3 * positive, 2)
    return positive, score


def test_confusion_counts_match_sklearn(rng):
    """confusion_counts gives sklearn's confusion_matrix of encoded labels."""
    y_true, y_pred = rng.integers(0, 3, 500), rng.integers(0, 3, 500)
    np.testing.assert_array_equal(
        confusion_counts(y_true, y_pred, 3),
        confusion_matrix(y_true, y_pred, labels=[0, 1, 2]),
    )


@pytest.mark.parametrize(
    "name, reference",
    [
        ("f2", lambda y, p: fbeta_score(y, p, beta=2, zero_division=0)),
        ("balanced_accuracy", balanced_accuracy_score),
        ("mcc", matthews_corrcoef),
    ],
)
def test_curve_values_match_sklearn(tied_scores, name, reference):
    """At every threshold the count objective equals sklearn's score."""
    positive, score = tied_scores
    thresholds, values = binary_objective_curve(positive, score, count_objective(name))
    for t, v in list(zip(thresholds, values))[1::25]:
        assert v == pytest.approx(reference(positive, score >= t))


@pytest.mark.parametrize(
    "name, reference",
    [
        ("f2", lambda y, p: fbeta_score(y, p, beta=2, average="macro")),
        ("balanced_accuracy", balanced_accuracy_score),
        ("mcc", matthews_corrcoef),
    ],
)
def test_confusion_objective_matches_sklearn(rng, name, reference):
    """The multiclass objectives equal sklearn's macro scores."""
    y = rng.integers(0, 3, 300)
    pred = np.where(rng.random(300) < 0.6, y, rng.integers(0, 3, 300))
    cm = confusion_matrix(y, pred)
    assert confusion_objective(name)(cm) == pytest.approx(reference(y, pred))


def test_cost_objective_is_negative_mean_cost():
    """The cost objective is minus the mean cost of the predictions."""
    cost = np.array([[0.0, 1.0], [5.0, 0.0]])
    value = count_objective("cost", cost_matrix=cost)(
        np.array(3), np.array(2), np.array(4), np.array(1)
    )
    assert value == pytest.approx(-(2 * 1.0 + 1 * 5.0) / 10)


@pytest.mark.parametrize(
    "objective, beta, expected",
    [
        ("f1", 3.0, 1.0),
        ("f2", 3.0, 2.0),
        ("fbeta", 3, 3.0),
        ("gmean", 3.0, None),
        (lambda tp, fp, tn, fn: tp, 3.0, None),
    ],
)
def test_fbeta_of(objective, beta, expected):
    """Only the F-beta objectives have a beta; "fbeta" takes the one given."""
    assert fbeta_of(objective, beta) == expected


@pytest.mark.parametrize("beta", [0, -1.0, "2", None, float("nan"), float("inf")])
def test_fbeta_of_rejects_a_bad_beta(beta):
    """The "fbeta" objective needs a beta > 0."""
    with pytest.raises(ValueError, match="beta must be a float > 0"):
        fbeta_of("fbeta", beta)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_cost_objective_rejects_a_cost_that_is_no_number(bad):
    """A NaN or infinite cost would make every threshold score alike."""
    with pytest.raises(ValueError, match="cost_matrix must hold finite numbers"):
        count_objective("cost", cost_matrix=[[0, bad], [1, 0]])
