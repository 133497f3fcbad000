"""The refit on all rows after early stopping on the validation split."""

import numpy as np
import pytest
from skorch.callbacks import Callback

from skimb.neural import NetClassifier, refits_on_all_rows

FAST = {"hidden_units": (16,), "max_epochs": 30, "patience": 5, "random_state": 0}


@pytest.mark.parametrize(
    "counts, expected",
    [
        ([1_900, 100], True),
        ([1_000_000, 4_999], True),
        ([990_000, 10_000], False),
        ([5_000, 5_000], False),
        ([0, 20_000, 300], True),  # a class without rows is not the rarest
    ],
)
def test_refits_on_all_rows(counts, expected):
    assert refits_on_all_rows(counts) is expected


def test_refit_trains_on_all_rows_for_the_best_epochs(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST).fit(X, y)
    aps = np.array(net.validation_history_[:, "valid_ap"])
    # the best epoch: the last of the best scores (skorch counts from 1)
    assert net.refit_epochs_ == np.flatnonzero(aps == aps.max())[-1] + 1
    assert len(net.net_.history) == net.refit_epochs_
    # the refit's rows: all of them; its history has no validation scores
    np.testing.assert_array_equal(net.class_counts_, np.bincount(y))
    assert "valid_ap" not in net.net_.history[-1]
    assert net.valid_class_counts_.sum() < len(y)


def test_no_refit_keeps_the_split_fit(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST, refit=False).fit(X, y)
    assert net.refit_epochs_ is None
    assert net.validation_history_ is None
    assert "valid_ap" in net.net_.history[-1]
    np.testing.assert_array_equal(
        net.class_counts_ + net.valid_class_counts_, np.bincount(y)
    )


def test_refit_is_reproducible(binary_data):
    """The default fit, two networks each refit, is the same twice."""
    X, y = binary_data
    first = NetClassifier(**FAST).fit(X, y).predict_proba(X)
    second = NetClassifier(**FAST).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, second)


def test_refit_differs_from_the_split_fit(binary_data):
    X, y = binary_data
    refit = NetClassifier(**FAST).fit(X, y).predict_proba(X)
    split = NetClassifier(**FAST, refit=False).fit(X, y).predict_proba(X)
    assert not np.allclose(refit, split)


class _CountEpochs(Callback):
    def __init__(self):
        self.epochs = 0

    def on_epoch_end(self, net, **kwargs):
        self.epochs += 1


def _auto_refit(net, X, y, **fit_params):
    return net.fit(X, y, **fit_params).refit_epochs_


@pytest.mark.parametrize(
    "params, fit_params",
    [
        ({"callbacks": [_CountEpochs()]}, {}),  # a callback may need the scores
        ({"train_split": None}, {}),  # no split chose the epochs
        ({"early_stopping": False}, {}),  # nor did early stopping
        ({}, {"validation_data": "given"}),  # the given rows are not the fit's
    ],
)
def test_auto_does_not_refit(binary_data, params, fit_params):
    X, y = binary_data
    if fit_params:
        fit_params = {"validation_data": (X[:100], y[:100])}
    assert _auto_refit(NetClassifier(**{**FAST, **params}), X, y, **fit_params) is None


def test_partial_fit_and_warm_start_do_not_refit(binary_data):
    X, y = binary_data
    assert NetClassifier(**FAST).partial_fit(X, y).refit_epochs_ is None
    net = NetClassifier(**FAST, warm_start=True).fit(X, y)
    assert net.refit_epochs_ is not None
    net.fit(X, y)
    assert net.refit_epochs_ is None
    # the warm fit stops early again, on its own split
    assert "early_stopping" in dict(net.net_.callbacks_)


def test_refit_true_runs_the_callbacks_in_both_fits(binary_data):
    X, y = binary_data
    counter = _CountEpochs()
    net = NetClassifier(**FAST, refit=True, callbacks=[("count", counter)]).fit(X, y)
    assert net.refit_epochs_ is not None
    assert counter.epochs == len(net.validation_history_) + net.refit_epochs_


class _ValidationCounter(_CountEpochs):
    validation_only = True

    def __init__(self, step=1):
        self.step = step
        self.epochs = 0

    def on_epoch_end(self, net, **kwargs):
        self.epochs += self.step


@pytest.mark.parametrize("refit", ["auto", True])
def test_validation_only_callbacks_run_in_the_first_fit_only(binary_data, refit):
    X, y = binary_data
    counter = _ValidationCounter()
    net = NetClassifier(
        **FAST, refit=refit, callbacks=[("count", counter)], callbacks__count__step=2
    ).fit(X, y)
    # it does not keep "auto" from refitting, and the refit leaves it out,
    # as does the second network
    assert net.refit_epochs_ is not None
    assert len(net.nets_) == 2
    assert counter.epochs == 2 * len(net.validation_history_)
    assert "count" not in dict(net.net_.callbacks_)


def test_a_validation_only_callback_given_as_a_class_takes_its_parameters(
    binary_data,
):
    """A class entry is named by the class, as skorch names it, so its
    parameters are left out with it in the refit."""
    X, y = binary_data
    net = NetClassifier(
        **FAST,
        refit=True,
        callbacks=[_ValidationCounter],
        callbacks___ValidationCounter__step=2,
    ).fit(X, y)
    assert net.refit_epochs_ is not None
    assert "_ValidationCounter" not in dict(net.net_.callbacks_)


def test_refit_with_row_weights_and_a_sampler(binary_data):
    from imblearn.over_sampling import RandomOverSampler

    X, y = binary_data
    weights = np.linspace(0.5, 2.0, len(y))
    net = NetClassifier(**FAST, sampler=RandomOverSampler(random_state=0))
    net.fit(X, y, sample_weight=weights)
    assert net.refit_epochs_ is not None
    # the sampler balanced all the rows, held-out ones included
    assert net.class_counts_[0] == net.class_counts_[1] == np.bincount(y).max()
