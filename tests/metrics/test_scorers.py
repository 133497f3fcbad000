import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, fbeta_score
from sklearn.model_selection import cross_val_score, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skimb.metrics import SCORERS, get_scorer, scorer_names
from skimb.neural import NetClassifier


def _pipeline():
    return make_pipeline(
        StandardScaler(),
        NetClassifier(hidden_units=(16,), max_epochs=10, random_state=0),
    )


@pytest.mark.parametrize("data", ["binary_data", "multiclass_data"])
def test_cross_validate_with_net_pipeline(data, request):
    """Multi-metric cross_validate works with a NetClassifier pipeline."""
    X, y = request.getfixturevalue(data)
    scoring = {name: SCORERS[name] for name in ("f2", "pr_auc", "gmean", "macro_f2")}
    result = cross_validate(_pipeline(), X, y, cv=3, scoring=scoring)
    for name in scoring:
        values = result[f"test_{name}"]
        assert values.shape == (3,)
        assert np.all((values >= 0) & (values <= 1))


def test_scorer_matches_function(binary_data):
    """A scorer gives what the score function gives on the estimator's output."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    assert get_scorer("f2")(model, X, y) == pytest.approx(
        fbeta_score(y, model.predict(X), beta=2)
    )
    assert get_scorer("pr_auc")(model, X, y) == pytest.approx(
        average_precision_score(y, model.predict_proba(X)[:, 1])
    )


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_every_skimb_scorer_takes_row_weights(binary_data, name):
    """Each scorer scores with sample_weight, as a weighted search calls it."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    weight = np.random.default_rng(0).integers(0, 3, size=len(y)).astype(float)
    score = get_scorer(name)(model, X, y, sample_weight=weight)
    assert -1.0 <= score <= 1.0  # MCC reaches down to -1


def test_decision_function_is_used_without_proba(binary_data):
    """A classifier without predict_proba is ranked by decision_function."""
    X, y = binary_data
    model = LinearSVC().fit(X, y)
    assert get_scorer("pr_auc")(model, X, y) == pytest.approx(
        average_precision_score(y, model.decision_function(X))
    )


def test_scorer_parameters():
    """Parameters reach the score function."""
    y = np.array([0, 0, 0, 1, 1])

    class Fixed(ClassifierMixin, BaseEstimator):
        classes_ = np.array([0, 1])

        def predict(self, X):
            return np.array([0, 1, 1, 1, 0])

    expected = fbeta_score(y, Fixed().predict(None), beta=3)
    assert get_scorer("fbeta", beta=3)(Fixed(), None, y) == pytest.approx(expected)


@pytest.mark.parametrize(
    "name, params, match",
    [
        (
            "f2",
            {"beta": 3},
            "'f2' scorer takes no parameter 'beta'; it takes 'pos_label'",
        ),
        ("pr_auc", {"min_precision": 0.8}, "no parameter 'min_precision'"),
        ("gmean", {"gamma": 1, "pos_label": 1}, "no parameter 'gamma', 'pos_label'"),
    ],
)
def test_a_parameter_the_score_does_not_take_fails_at_once(name, params, match):
    """A misplaced parameter is an error when the scorer is made, not mid-search."""
    with pytest.raises(TypeError, match=match):
        get_scorer(name, **params)


class _LabelsOnly(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_ranking_scorer_needs_scores(binary_data):
    """A ranking score on a classifier without scores is a clear error."""
    X, y = binary_data
    with pytest.raises(ValueError, match="needs predict_proba or decision_function"):
        get_scorer("pr_auc")(_LabelsOnly().fit(X, y), X, y)


def test_unknown_scorer_lists_known_ones():
    """An unknown name raises an error that lists the known scorers."""
    with pytest.raises(ValueError, match="scorers are balanced_accuracy, f2"):
        get_scorer("accuracy_plus")
    assert set(SCORERS) == set(scorer_names())


def test_a_callable_scorer_is_returned_as_it_is():
    """As scikit-learn's get_scorer, a callable passes through, without parameters."""

    def scorer(estimator, X, y):
        return 1.0

    assert get_scorer(scorer) is scorer
    with pytest.raises(ValueError, match="takes no parameters here; got \\['beta'\\]"):
        get_scorer(scorer, beta=2)


def test_scikit_learn_names_give_scikit_learns_scorers(binary_data):
    """Names skimb does not define are scikit-learn's, with their meaning."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    assert get_scorer("average_precision")(model, X, y) == pytest.approx(
        average_precision_score(y, model.predict_proba(X)[:, 1])
    )
    with pytest.raises(ValueError, match="takes no parameters"):
        get_scorer("roc_auc", beta=2)


def test_skimb_scorer_objects_work_in_cross_val_score(binary_data):
    """scikit-learn takes skimb's scorers as objects where it rejects the names."""
    X, y = binary_data
    scores = cross_val_score(LogisticRegression(), X, y, cv=3, scoring=get_scorer("f2"))
    assert np.all((scores > 0) & (scores <= 1))
    with pytest.raises(ValueError, match="f2"):
        cross_val_score(LogisticRegression(), X, y, cv=3, scoring="f2")
