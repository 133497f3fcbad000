import numpy as np
import pytest
import torch
from torch import nn

from skimb.neural import MLP, NetClassifier


def _norms(module):
    return [layer for layer in module.modules() if isinstance(layer, nn.BatchNorm1d)]


@pytest.mark.parametrize("batch_norm, expected", [(True, 2), (False, 0)])
def test_batch_norm_in_each_hidden_layer(batch_norm, expected):
    """Each hidden layer has a batch normalisation, or none has."""
    mlp = MLP(4, 2, hidden_units=(8, 8), batch_norm=batch_norm)
    assert len(_norms(mlp)) == expected


def test_batch_norm_comes_before_the_activation():
    """A hidden layer is linear, batch normalisation, then ReLU."""
    layers = list(MLP(4, 2, hidden_units=(8,), batch_norm=True).layers)
    kinds = [type(layer) for layer in layers]
    assert issubclass(kinds[1], nn.BatchNorm1d)
    assert kinds[0] is nn.Linear and kinds[2] is nn.ReLU


def test_training_batch_of_one_row_uses_the_running_statistics():
    """One training row is normalised with the running statistics, left unchanged."""
    torch.manual_seed(0)
    mlp = MLP(3, 2, hidden_units=(4,), batch_norm=True)
    mlp.train()
    mlp(torch.randn(32, 3))
    norm = _norms(mlp)[0]
    mean, var = norm.running_mean.clone(), norm.running_var.clone()
    row = torch.randn(1, 3)
    trained = mlp(row)
    assert torch.equal(norm.running_mean, mean)
    assert torch.equal(norm.running_var, var)
    mlp.eval()
    torch.testing.assert_close(trained, mlp(row))


def test_net_fits_when_the_last_batch_has_one_row():
    """65 rows in batches of 64 leave a last batch of one row."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(65, 3)).astype(np.float32)
    y = (X[:, 0] > 0.5).astype(int)
    net = NetClassifier(
        batch_norm=True, batch_size=64, max_epochs=2, train_split=None, random_state=0
    ).fit(X, y)
    assert np.isfinite(net.predict_proba(X)).all()


def test_predictions_of_a_row_do_not_depend_on_its_batch(binary_data):
    """At prediction the running statistics are used: a row alone scores the same."""
    X, y = binary_data
    net = NetClassifier(
        hidden_units=(16,), batch_norm=True, max_epochs=5, random_state=0
    ).fit(X, y)
    together = net.predict_proba(X[:10])
    alone = np.vstack([net.predict_proba(X[i : i + 1]) for i in range(10)])
    np.testing.assert_allclose(together, alone, rtol=1e-5)


@pytest.mark.parametrize("batch_norm", [True, False])
def test_net_builds_the_mlp_it_is_asked_for(binary_data, batch_norm):
    """NetClassifier's batch_norm reaches its default MLP."""
    X, y = binary_data
    net = NetClassifier(max_epochs=1, batch_norm=batch_norm, random_state=0)
    net.fit(X, y)
    assert bool(_norms(net.module_)) is batch_norm


def test_plain_mlp_by_default():
    """MLP and NetClassifier build the plain MLP unless asked for batch norm."""
    assert not _norms(MLP(4, 2))
    assert NetClassifier().get_params()["batch_norm"] is False


@pytest.mark.parametrize("hidden_units", [(0,), (8, -1), (8.5,), (True,), (None,)])
def test_hidden_units_need_widths_of_one_or_more(hidden_units):
    """A hidden layer of no unit (or of a width that is no int) is refused."""
    with pytest.raises(ValueError, match="hidden_units must hold one int >= 1"):
        MLP(4, 2, hidden_units=hidden_units)


def test_no_hidden_units_is_a_linear_model():
    """An empty hidden_units leaves one linear layer: logistic regression."""
    layers = [
        m for m in MLP(4, 2, hidden_units=()).modules() if len(list(m.children())) == 0
    ]
    assert [type(m) for m in layers] == [nn.Linear]
