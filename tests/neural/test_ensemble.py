"""Networks of several members: each member's loss, the members' mean probability."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification
from torch import nn

from skimb.metrics import pr_auc_score
from skimb.neural import (
    LOSSES,
    MemberLoss,
    NetClassifier,
    TabMNet,
    class_probabilities,
    flatten_members,
    weighted_targets,
)

SMALL_TABM = {"module__k": 2, "module__d_block": 8, "module__d_embedding": 4}


@pytest.fixture(scope="module")
def data():
    return make_classification(400, 5, weights=[0.85], random_state=0)


class _Copies(nn.Module):
    """One linear model, its logits repeated as ``n_members`` identical members."""

    n_members = 3

    def __init__(self, n_features, n_classes):
        super().__init__()
        self.linear = nn.Linear(n_features, n_classes)

    def forward(self, X):
        return self.linear(X).unsqueeze(1).expand(-1, self.n_members, -1)


class _Single(nn.Module):
    def __init__(self, n_features, n_classes):
        super().__init__()
        self.linear = nn.Linear(n_features, n_classes)

    def forward(self, X):
        return self.linear(X)


def test_flatten_members_repeats_each_rows_target_with_its_weight():
    logits = torch.arange(12.0).reshape(2, 3, 2)
    target = weighted_targets(torch.tensor([0, 1]), torch.tensor([1.0, 5.0]))
    flat, flat_target = flatten_members(logits, target)
    assert flat.tolist() == logits.reshape(6, 2).tolist()
    assert flat_target[:, 0].tolist() == [0, 0, 0, 1, 1, 1]
    assert flat_target[:, 1].tolist() == [1, 1, 1, 5, 5, 5]


def test_member_loss_is_the_mean_of_the_members_losses():
    logits = torch.randn(4, 3, 2, generator=torch.Generator().manual_seed(0))
    target = torch.tensor([0, 1, 1, 0])
    members = [nn.functional.cross_entropy(logits[:, m], target) for m in range(3)]
    loss = MemberLoss(nn.CrossEntropyLoss())(logits, target)
    assert float(loss) == pytest.approx(float(torch.stack(members).mean()))


def test_class_probabilities_average_the_members():
    logits = torch.randn(5, 4, 3, generator=torch.Generator().manual_seed(0))
    expected = logits.softmax(-1).mean(1)
    torch.testing.assert_close(class_probabilities(logits), expected)
    torch.testing.assert_close(
        class_probabilities(logits[:, 0]), logits[:, 0].softmax(-1)
    )


def test_validation_scores_are_those_of_the_members_mean(data):
    """valid_ap is the average precision of the members' mean probability."""
    X, y = data
    net = NetClassifier(
        module="tabm", max_epochs=1, early_stopping=False, random_state=0, **SMALL_TABM
    ).fit(X[:300], y[:300], validation_data=(X[300:], y[300:]))
    mean_ap = pr_auc_score(y[300:], net.predict_proba(X[300:])[:, 1])
    assert net.history[-1, "valid_ap"] == pytest.approx(mean_ap)
    net.module_.eval()
    members = net.module_(torch.as_tensor(X[300:], dtype=torch.float32))
    first_ap = pr_auc_score(y[300:], members[:, 0].softmax(-1)[:, 1].detach().numpy())
    assert first_ap != pytest.approx(mean_ap)


def test_identical_members_train_as_one_network(data):
    """k copies of one member: the same loss, gradients and probabilities."""
    X, y = data
    kwargs = {"max_epochs": 3, "random_state": 0, "early_stopping": False}
    copies = NetClassifier(module=_Copies, **kwargs).fit(X, y)
    single = NetClassifier(module=_Single, **kwargs).fit(X, y)
    np.testing.assert_allclose(
        copies.predict_proba(X), single.predict_proba(X), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(
        copies.history[:, "train_loss"], single.history[:, "train_loss"], rtol=1e-5
    )


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_tabm_trains_with_every_named_loss(data, loss):
    X, y = data
    prior_loss = loss in ("logit_adjusted", "balanced_softmax")
    net = NetClassifier(
        module="tabm",
        loss=loss,
        class_weight=None if prior_loss else "balanced",
        max_epochs=2,
        random_state=0,
        **SMALL_TABM,
    ).fit(X, y)
    assert isinstance(net.module_, TabMNet)
    proba = net.predict_proba(X)
    assert proba.shape == (len(X), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert 0.0 <= net.validation_history_[-1, "valid_ap"] <= 1.0


def test_tabm_takes_a_torch_loss_through_member_loss(data):
    X, y = data
    net = NetClassifier(
        module="tabm", loss=nn.CrossEntropyLoss, max_epochs=1, **SMALL_TABM
    ).fit(X, y)
    assert isinstance(net.criterion_, MemberLoss)


def test_tabm_with_row_weights_and_balanced_batches(data):
    X, y = data
    net = NetClassifier(
        module="tabm",
        class_weight=None,
        batch_sampling="balanced",
        max_epochs=2,
        random_state=0,
        **SMALL_TABM,
    ).fit(X, y, sample_weight=np.linspace(0.5, 2.0, len(y)))
    assert np.isfinite(net.history[:, "train_loss"]).all()


def test_tabm_multiclass(data):
    X, _ = data
    y = np.arange(len(X)) % 3
    net = NetClassifier(module="tabm", max_epochs=1, **SMALL_TABM).fit(X, y)
    assert net.predict_proba(X).shape == (len(X), 3)


def _decay_by_name(net):
    """Each parameter's weight decay in the fitted net's optimizer."""
    decay = {}
    for group in net.optimizer_.param_groups:
        for param in group["params"]:
            decay[param] = group["weight_decay"]
    return {name: decay[p] for name, p in net.module_.named_parameters()}


def test_tabm_member_scalings_get_no_weight_decay(data):
    X, y = data
    net = NetClassifier(
        module="tabm", weight_decay=0.01, max_epochs=1, random_state=0, **SMALL_TABM
    ).fit(X, y)
    decay = _decay_by_name(net)
    scalings = {n for n in decay if n.endswith((".r", ".s"))}
    assert len(scalings) == 4  # r and s of both blocks
    assert {decay[n] for n in scalings} == {0.0}
    assert {d for n, d in decay.items() if n not in scalings} == {0.01}


def test_mlp_parameters_all_get_weight_decay(data):
    X, y = data
    net = NetClassifier(weight_decay=0.01, max_epochs=1, random_state=0).fit(X, y)
    assert set(_decay_by_name(net).values()) == {0.01}


def _mean_abs_scaling(X, y, **params):
    net = NetClassifier(
        module="tabm",
        weight_decay=1.0,
        lr=1e-2,
        max_epochs=20,
        early_stopping=False,
        random_state=0,
        **SMALL_TABM,
        **params,
    ).fit(X, y)
    first = net.module_.tabm.backbone.blocks[0][0]
    return first.r.abs().mean().item()


def test_weight_decay_would_shrink_member_scalings(data):
    """The first scalings start at +-1; Adam's L2 penalty pulls them to zero."""
    kept = _mean_abs_scaling(*data)
    # an explicit param_groups replaces the rule: every parameter is decayed
    decayed = _mean_abs_scaling(*data, optimizer__param_groups=[])
    assert kept > 0.5
    assert decayed < 0.5 * kept
