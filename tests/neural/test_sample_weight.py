"""Row weights in NetClassifier: the loss, the split, resampling, validation."""

import numpy as np
import pytest
import sklearn
import torch
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.base import BaseEstimator
from sklearn.metrics import average_precision_score

from skimb.neural import LOSSES, NetClassifier, RowWeightedLoss, resampled_weights
from skimb.neural._scoring import epoch_scores

_PRIOR_LOSSES = {"logit_adjusted", "balanced_softmax", "ldam"}


def _net(loss="cross_entropy", **params):
    defaults = {
        "class_weight": None if loss in _PRIOR_LOSSES else "balanced",
        "max_epochs": 4,
        "random_state": 0,
    }
    return NetClassifier(loss=loss, **{**defaults, **params})


@pytest.mark.parametrize("loss", [*LOSSES, torch.nn.CrossEntropyLoss])
def test_equal_weights_change_nothing_and_unequal_ones_do(binary_data, loss, rng):
    """Weights all 2 give the probabilities of no weights; unequal ones differ."""
    X, y = binary_data
    plain = _net(loss).fit(X, y).predict_proba(X)
    doubled = _net(loss).fit(X, y, sample_weight=np.full(len(y), 2.0)).predict_proba(X)
    varied = _net(loss).fit(X, y, sample_weight=rng.uniform(0.1, 3, len(y)))
    np.testing.assert_allclose(doubled, plain, atol=1e-4)
    assert np.abs(varied.predict_proba(X) - plain).max() > 1e-3


def test_weights_reach_balanced_batches(binary_data, rng):
    """Balanced batches carry each row's weight with it."""
    X, y = binary_data
    w = rng.uniform(0.1, 3, len(y))
    net = _net(batch_sampling="balanced", class_weight=None)
    plain = net.fit(X, y).predict_proba(X)
    weighted = net.fit(X, y, sample_weight=w).predict_proba(X)
    assert np.abs(weighted - plain).max() > 1e-3


@pytest.mark.parametrize(
    "sample_weight, match",
    [
        (np.r_[-1.0, np.ones(299)], "non-negative"),
        (np.r_[np.nan, np.ones(299)], "finite"),
        (np.r_[np.inf, np.ones(299)], "finite"),
        (np.ones(10), r"shape \(300,\)"),
        (np.zeros(300), "zero for every row"),
        (np.ones((300, 2)), r"shape \(300,\)"),
    ],
)
def test_bad_weights_are_named(binary_data, sample_weight, match):
    X, y = binary_data
    with pytest.raises(ValueError, match="sample_weight"):
        _net().fit(X, y, sample_weight=sample_weight)
    with pytest.raises(ValueError, match=match):
        _net().fit(X, y, sample_weight=sample_weight)


def test_validation_scores_are_weighted(rng):
    """The epoch's validation AP counts each row with its weight."""
    y = rng.integers(0, 2, 200)
    proba = rng.random((200, 2))
    proba /= proba.sum(axis=1, keepdims=True)
    w = rng.uniform(0.1, 3, 200)
    scores = epoch_scores(y, proba, w)
    expected = average_precision_score(y, proba[:, 1], sample_weight=w)
    assert scores["valid_ap"] == pytest.approx(expected)
    assert scores["valid_ap"] != pytest.approx(epoch_scores(y, proba)["valid_ap"])


def test_validation_data_takes_weights(binary_data, rng):
    """validation_data=(X, y, w) weights the scores that stop training."""
    X, y = binary_data
    w = rng.uniform(0.1, 3, len(y))
    net = _net(max_epochs=2).fit(
        X[:200], y[:200], validation_data=(X[200:], y[200:], w[200:])
    )
    assert len(net.history) == 2


def test_copied_rows_keep_their_weight(rng):
    """A random oversampler's copies carry the weight of the row they copy."""
    X = rng.normal(size=(40, 2))
    y = np.r_[np.zeros(34, int), np.ones(6, int)]
    w = rng.uniform(0.5, 2, 40)
    sampler = RandomOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(
        resampled_weights(sampler, X, y, w, X_res, y_res), w[sampler.sample_indices_]
    )


def test_synthetic_rows_get_their_class_mean_weight(rng):
    """SMOTE's given rows keep their weights; its new rows get their class's mean."""
    X = rng.normal(size=(40, 2))
    y = np.r_[np.zeros(34, int), np.ones(6, int)]
    w = rng.uniform(0.5, 2, 40)
    X_res, y_res = SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    w_res = resampled_weights(SMOTE(), X, y, w, X_res, y_res)
    np.testing.assert_array_equal(w_res[:40], w)
    np.testing.assert_allclose(w_res[40:], w[34:].mean())


class _Shuffler(BaseEstimator):
    def fit_resample(self, X, y):
        order = np.random.default_rng(0).permutation(len(y))
        return X[order], y[order]


def test_untraceable_resampling_is_refused(binary_data, rng):
    X, y = binary_data
    with pytest.raises(ValueError, match="sample_weight cannot follow the rows"):
        _net(sampler=_Shuffler()).fit(X, y, sample_weight=rng.uniform(1, 2, len(y)))


def test_a_loss_without_per_row_losses_is_refused(binary_data):
    class _Mean(torch.nn.Module):
        def forward(self, logits, target):
            return torch.nn.functional.cross_entropy(logits, target)

    X, y = binary_data
    with pytest.raises(ValueError, match="sample_weight needs per-row losses"):
        _net(loss=_Mean()).set_params(class_weight=None).fit(
            X, y, sample_weight=np.ones(len(y))
        )
    assert RowWeightedLoss(torch.nn.CrossEntropyLoss()).loss.reduction == "none"


def test_fit_requests_sample_weight():
    """NetClassifier takes part in scikit-learn's metadata routing."""
    with sklearn.config_context(enable_metadata_routing=True):
        net = NetClassifier().set_fit_request(sample_weight=True)
        assert net.get_metadata_routing().fit.requests["sample_weight"] is True
