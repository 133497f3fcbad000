"""n_networks: several networks, each on its own split, averaged."""

import numpy as np
import pytest
import torch

from skimb.neural import NetClassifier, TensorData, auto_n_networks

FAST = {"hidden_units": (16,), "max_epochs": 20, "patience": 5, "random_state": 0}


@pytest.mark.parametrize("refits, expected", [(True, 2), (False, 1)])
def test_auto_n_networks(refits, expected):
    assert auto_n_networks(refits) == expected


def test_auto_trains_two_networks_where_it_refits(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST).fit(X, y)
    assert len(net.nets_) == 2
    assert net.net_ is net.nets_[0]
    assert net.nets_[0].module_ is not net.nets_[1].module_


def test_predict_proba_is_the_mean_of_the_networks(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST, n_networks=3).fit(X, y)
    each = [n.predict_proba(TensorData(X.astype(np.float32))) for n in net.nets_]
    np.testing.assert_allclose(net.predict_proba(X), np.mean(each, axis=0), atol=1e-6)
    # the networks differ: each had its own split and initial weights
    assert not np.allclose(each[0], each[1])


def test_the_first_network_is_the_one_network_fit(binary_data):
    """A second network leaves the first as n_networks=1 trains it."""
    X, y = binary_data
    two = NetClassifier(**FAST).fit(X, y)
    one = NetClassifier(**FAST, n_networks=1).fit(X, y)
    assert len(one.nets_) == 1
    first, only = two.module_.state_dict(), one.module_.state_dict()
    assert first.keys() == only.keys()
    assert all(torch.equal(first[k], only[k]) for k in first)


@pytest.mark.parametrize(
    "params, fit_params",
    [
        ({"refit": False}, {}),
        ({"train_split": None}, {}),
        ({"warm_start": True}, {}),
        ({}, {"validation_data": "given"}),
    ],
)
def test_auto_trains_one_network_without_a_refit(binary_data, params, fit_params):
    X, y = binary_data
    if fit_params:
        fit_params = {"validation_data": (X[:100], y[:100])}
    net = NetClassifier(**{**FAST, **params}).fit(X, y, **fit_params)
    assert len(net.nets_) == 1


def test_given_networks_share_the_given_validation_rows(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST, n_networks=2).fit(
        X[100:], y[100:], validation_data=(X[:100], y[:100])
    )
    assert len(net.nets_) == 2
    assert all("valid_ap" in n.history[-1] for n in net.nets_)


def test_warm_start_continues_each_network(binary_data):
    X, y = binary_data
    net = NetClassifier(**FAST, n_networks=2).fit(X, y)
    before = [len(n.history) for n in net.nets_]
    nets = list(net.nets_)
    net.set_params(warm_start=True, early_stopping=False, max_epochs=3)
    net.fit(X, y)
    assert net.nets_ == nets
    assert [len(n.history) for n in net.nets_] == [b + 3 for b in before]


def test_partial_fit_continues_each_network(binary_data):
    X, y = binary_data
    net = NetClassifier(**{**FAST, "max_epochs": 2}, n_networks=2)
    net.partial_fit(X, y).partial_fit(X, y)
    assert [len(n.history) for n in net.nets_] == [4, 4]


@pytest.mark.parametrize("n_networks", [1, 3])
def test_continued_fit_refuses_another_number_of_networks(binary_data, n_networks):
    X, y = binary_data
    net = NetClassifier(**FAST, n_networks=2).fit(X, y)
    net.set_params(warm_start=True, n_networks=n_networks)
    with pytest.raises(ValueError, match="continues the 2 fitted network"):
        net.fit(X, y)
    with pytest.raises(ValueError, match="continues the 2 fitted network"):
        net.partial_fit(X, y)


def test_continued_fit_takes_auto_networks(binary_data):
    X, y = binary_data
    net = NetClassifier(**{**FAST, "max_epochs": 2}, n_networks=2).fit(X, y)
    net.set_params(n_networks="auto").partial_fit(X, y)
    assert len(net.nets_) == 2


def test_auto_trains_one_network_for_partial_fit(binary_data):
    X, y = binary_data
    assert len(NetClassifier(**FAST).partial_fit(X, y).nets_) == 1


@pytest.mark.parametrize("method", ["save_params", "load_params"])
def test_skorch_files_refuse_several_networks(binary_data, tmp_path, method):
    X, y = binary_data
    net = NetClassifier(**FAST).fit(X, y)
    with pytest.raises(ValueError, match=f"{method} handles one network"):
        getattr(net, method)(f_params=tmp_path / "params.pt")


def test_n_networks_is_validated(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="'n_networks' parameter"):
        NetClassifier(**FAST, n_networks=0).fit(X, y)


def test_verbose_fit_names_each_network(binary_data, capsys):
    X, y = binary_data
    NetClassifier(**{**FAST, "max_epochs": 2}, verbose=1).fit(X, y)
    out = capsys.readouterr().out
    assert "network 1 of 2" in out and "network 2 of 2" in out
    assert out.index("network 2 of 2") > out.index("train_loss")


def test_verbose_fit_of_one_network_names_none(binary_data, capsys):
    X, y = binary_data
    NetClassifier(**{**FAST, "max_epochs": 2}, n_networks=1, verbose=1).fit(X, y)
    assert "network 1" not in capsys.readouterr().out
