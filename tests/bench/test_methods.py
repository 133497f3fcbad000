import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from skorch import NeuralNetClassifier

from skimb.bench._methods import _plain_skorch, _TimedFit, method_groups


def test_plain_skorch_is_skorch_as_it_comes(binary_data, seed):
    """The skorch baseline is skorch's classifier with skorch's own defaults."""
    X, y = binary_data
    net = _plain_skorch(seed).set_params(max_epochs=2).fit(X, y)
    assert isinstance(net, NeuralNetClassifier)
    assert {"train_loss", "valid_loss", "valid_acc"} <= set(net.history[-1])
    proba = net.predict_proba(X.astype("float32"))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)


def test_plain_skorch_is_reproducible(binary_data, seed):
    """The same seed trains the same baseline."""
    X, y = binary_data
    probas = [
        _plain_skorch(seed).set_params(max_epochs=2).fit(X, y).predict_proba(X)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(*probas)


@pytest.mark.parametrize(
    "names, expected",
    [
        (["logreg", "logreg+tuned"], [("logreg", "logreg+tuned")]),
        (["logreg+tuned", "logreg"], [("logreg", "logreg+tuned")]),
        (["logreg", "hgb_balanced+tuned"], [("logreg",), ("hgb_balanced+tuned",)]),
        (["skimb", "logreg"], [("skimb",), ("logreg",)]),
    ],
)
def test_method_groups_pair_a_baseline_with_its_tuned_version(names, expected):
    """A baseline and its tuned version make one group; other methods stand alone."""
    assert [group for group, _ in method_groups(names)] == expected


def test_timed_fit_passes_predictions_through(binary_data):
    """The timing wrapper predicts as the classifier it fits and records the time."""
    X, y = binary_data
    plain = LogisticRegression().fit(X, y)
    timed = _TimedFit(LogisticRegression()).fit(X, y)
    np.testing.assert_array_equal(timed.predict_proba(X), plain.predict_proba(X))
    np.testing.assert_array_equal(timed.predict(X), plain.predict(X))
    assert timed.fit_time_ > 0


def test_timed_fit_computes_probabilities_once_per_frame(binary_data):
    """The same X object is predicted once; another object is predicted afresh."""
    X, y = binary_data
    timed = _TimedFit(_CountingProba()).fit(X, y)
    first = timed.predict_proba(X)
    first[:] = -1  # a caller's change does not reach what is kept
    again = timed.predict_proba(X)
    other = timed.predict_proba(X.copy())
    assert timed.estimator_.calls_ == 2
    np.testing.assert_array_equal(again, other)
    assert (again >= 0).all()


def _plain_skorch_probas(X, y, seed, builds, **params):
    return [
        _plain_skorch(seed, fast=fast)
        .set_params(max_epochs=3, **params, **extra)
        .fit(X, y)
        .predict_proba(X)
        for fast, extra in builds
    ]


class _CountingProba(LogisticRegression):
    def fit(self, X, y):
        self.calls_ = 0
        return super().fit(X, y)

    def predict_proba(self, X):
        self.calls_ += 1
        return super().predict_proba(X)


def test_xgboost_baseline_weighs_positives_by_the_class_ratio(binary_data):
    """scale_pos_weight is negatives / positives of the y of each fit."""
    pytest.importorskip("xgboost")
    from skimb.bench._methods import ScalePosWeightXGB

    X, y = binary_data
    labels = np.where(y == 1, "yes", "no")
    model = ScalePosWeightXGB(random_state=0).fit(X, labels)
    assert model.scale_pos_weight_ == pytest.approx((y == 0).sum() / (y == 1).sum())
    assert model.model_.get_params()["scale_pos_weight"] == model.scale_pos_weight_
    assert set(model.predict(X)) <= {"yes", "no"}
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0, rtol=1e-6)


def test_xgboost_baseline_is_binary(binary_data):
    pytest.importorskip("xgboost")
    from skimb.bench._methods import ScalePosWeightXGB

    X, _ = binary_data
    with pytest.raises(ValueError, match="two classes; got 3"):
        ScalePosWeightXGB().fit(X, np.arange(len(X)) % 3)


def test_catboost_baseline_uses_balanced_class_weights(binary_data):
    pytest.importorskip("catboost")
    from skimb.bench._methods import make_method

    X, y = binary_data
    model = make_method("catboost_balanced", 0).fit(X, y)
    booster = model.named_steps["model"]
    assert booster.get_params()["auto_class_weights"] == "Balanced"
    # balanced weights: n / (2 n_k) per class
    np.testing.assert_allclose(
        booster.get_all_params()["class_weights"],
        [1.0, (y == 0).sum() / (y == 1).sum()],
        rtol=1e-5,
    )
