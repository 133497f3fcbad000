import numpy as np
import pytest
import torch
from torch import nn

from skimb.neural import DeferredReweighting, NetClassifier


def _net(callback, **params):
    return NetClassifier(
        **{
            "hidden_units": (8,),
            "max_epochs": 4,
            "early_stopping": False,
            "class_weight": None,
            "random_state": 0,
            "callbacks": [("drw", callback)],
            **params,
        }
    )


def test_deferred_reweighting_switches_the_weights_on_at_its_epoch(binary_data):
    """Epochs before start_epoch train unweighted, the rest with the weights."""
    X, y = binary_data
    callback = DeferredReweighting(start_epoch=3, class_weight="balanced")
    # every row trains, so the weights are those of y's counts
    net = _net(callback, train_split=None).fit(X, y)
    assert net.net_.history[:, "reweighted"] == [False, False, True, True]
    counts = np.bincount(y)
    expected = len(y) / (2 * counts)
    np.testing.assert_allclose(net.net_.criterion_.weight.numpy(), expected, rtol=1e-6)


def test_deferred_reweighting_takes_a_dict_of_the_users_labels(binary_data):
    """A dict of class weights names the classes by the labels given to fit."""
    X, y = binary_data
    labels = np.where(y == 1, "rare", "common")
    callback = DeferredReweighting(start_epoch=2, class_weight={"rare": 5.0})
    net = _net(callback).fit(X, labels)
    assert net.classes_.tolist() == ["common", "rare"]
    np.testing.assert_allclose(dict(net.net_.callbacks_)["drw"].weights_, [1.0, 5.0])


class _Unweighted(nn.Module):
    def forward(self, logits, y):
        return nn.functional.cross_entropy(logits, y)


@pytest.mark.parametrize(
    "callback, params, match",
    [
        (DeferredReweighting(start_epoch=0), {}, "start_epoch must be an int >= 1"),
        (DeferredReweighting(start_epoch=1), {"loss": _Unweighted()}, "has none"),
    ],
)
def test_deferred_reweighting_bad_input(binary_data, callback, params, match):
    """A bad start epoch or a loss without class weights is refused by name."""
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        _net(callback, **params).fit(X, y)


def test_deferred_reweighting_weights_live_on_the_nets_device(binary_data):
    """The weights become a float32 tensor on the net's device."""
    X, y = binary_data
    net = _net(DeferredReweighting(start_epoch=1)).fit(X, y)
    weight = net.net_.criterion_.weight
    assert weight.dtype == torch.float32
    assert weight.device == torch.device(net.device_)
