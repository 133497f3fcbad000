import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import fbeta_score, make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV
from torch.utils.data import DataLoader

from skimb.bench._methods import (
    _plain_skorch,
    _positive_f2,
    _RowBatchDataset,
    _TimedFit,
    _WholeBatchLoader,
    method_groups,
)


@pytest.mark.parametrize("positive_rate", [0.0, 0.02, 0.3, 1.0])
def test_positive_f2_equals_fbeta_score(rng, positive_rate):
    """The benchmark's F2 is scikit-learn's fbeta_score(beta=2), bit for bit."""
    for _ in range(50):
        y_true = (rng.random(60) < positive_rate).astype(int)
        y_pred = (rng.random(60) < rng.random()).astype(int)
        expected = fbeta_score(y_true, y_pred, beta=2, zero_division=0.0)
        assert _positive_f2(y_true, y_pred) == expected


def test_positive_f2_nothing_true_or_predicted():
    """No positive in truth or prediction scores 0, as fbeta_score does."""
    assert _positive_f2(np.zeros(5, dtype=int), np.zeros(5, dtype=int)) == 0.0


def test_tuned_baseline_chooses_the_same_threshold(binary_data, seed):
    """Threshold tuning with it picks the threshold fbeta_score picks."""
    X, y = binary_data
    thresholds = [
        TunedThresholdClassifierCV(
            LogisticRegression(), scoring=scoring, random_state=seed
        )
        .fit(X, y)
        .best_threshold_
        for scoring in (make_scorer(fbeta_score, beta=2), make_scorer(_positive_f2))
    ]
    assert thresholds[0] == thresholds[1]


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


@pytest.mark.parametrize("shuffle", [False, True])
def test_plain_skorch_trains_as_skorch_with_its_defaults(binary_data, seed, shuffle):
    """Besides fused Adam, the speed-ups train skorch's net bit for bit."""
    X, y = binary_data
    builds = [(False, {}), (True, {"optimizer__fused": False})]
    as_it_comes, fast = _plain_skorch_probas(
        X, y, seed, builds, iterator_train__shuffle=shuffle
    )
    np.testing.assert_array_equal(fast, as_it_comes)


@pytest.mark.parametrize("shuffle", [False, True])
def test_plain_skorch_fused_adam_only_rounds_differently(binary_data, seed, shuffle):
    """With fused Adam the baseline's net differs from skorch's by rounding."""
    X, y = binary_data
    builds = [(False, {}), (True, {})]
    as_it_comes, fast = _plain_skorch_probas(
        X, y, seed, builds, iterator_train__shuffle=shuffle
    )
    assert _plain_skorch(seed).get_params()["optimizer__fused"] is True
    np.testing.assert_allclose(fast, as_it_comes, rtol=0, atol=1e-5)


def test_plain_skorch_skips_validation_and_trains_as_skorch(binary_data, seed):
    """The fast baseline skips the validation pass; its training losses are skorch's."""
    X, y = binary_data
    histories = [
        _plain_skorch(seed, fast=fast)
        # shuffled: the skipped pass must still draw the loader's seed
        .set_params(max_epochs=3, iterator_train__shuffle=True, **extra)
        .fit(X, y)
        .history
        for fast, extra in [(False, {}), (True, {"optimizer__fused": False})]
    ]
    as_it_comes, fast = histories
    assert "valid_loss" in as_it_comes[-1]
    assert not {"valid_loss", "valid_acc", "valid_batch_count"} & set(fast[-1])
    np.testing.assert_array_equal(fast[:, "train_loss"], as_it_comes[:, "train_loss"])
    assert fast[:, "train_batch_count"] == as_it_comes[:, "train_batch_count"]


class _CountingProba(LogisticRegression):
    def fit(self, X, y):
        self.calls_ = 0
        return super().fit(X, y)

    def predict_proba(self, X):
        self.calls_ += 1
        return super().predict_proba(X)


def _batches_and_next_draw(make_loader, seed):
    torch.manual_seed(seed)
    batches = [[part.tolist() for part in batch] for batch in make_loader()]
    return batches, torch.rand(1).item()


@pytest.mark.parametrize("shuffle", [False, True])
def test_whole_batch_loader_draws_what_torch_loader_draws(binary_data, seed, shuffle):
    """Same batches, as tensors, and the same random numbers as torch's DataLoader."""
    X, y = binary_data
    dataset = _RowBatchDataset(X.astype("float32"), y)
    expected = _batches_and_next_draw(
        lambda: DataLoader(dataset, batch_size=32, shuffle=shuffle), seed
    )
    batches = list(_WholeBatchLoader(dataset, batch_size=32, shuffle=shuffle))
    assert all(isinstance(part, torch.Tensor) for batch in batches for part in batch)
    assert len(batches) == len(_WholeBatchLoader(dataset, batch_size=32))
    assert (
        _batches_and_next_draw(
            lambda: _WholeBatchLoader(dataset, batch_size=32, shuffle=shuffle), seed
        )
        == expected
    )
