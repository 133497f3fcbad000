import math

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from skimb.neural import (
    BalancedSoftmaxLoss,
    FocalLoss,
    LDAMLoss,
    LogitAdjustedLoss,
    WeightedCrossEntropyLoss,
    make_loss,
)

LOGITS = torch.tensor([[1.0, 0.0], [0.0, 2.0], [0.5, 0.5]])
TARGET = torch.tensor([0, 0, 1])


def _p(logit_row):
    e = [math.exp(v) for v in logit_row]
    return [v / sum(e) for v in e]


def test_focal_by_hand():
    """Focal loss equals the mean of -(1-p_y)^gamma log p_y computed by hand."""
    gamma = 2.0
    expected = np.mean(
        [
            -((1 - _p(r)[t]) ** gamma) * math.log(_p(r)[t])
            for r, t in zip(LOGITS.tolist(), TARGET.tolist())
        ]
    )
    assert float(FocalLoss(gamma)(LOGITS, TARGET)) == pytest.approx(expected, rel=1e-6)


def test_focal_weighted_by_hand():
    """Class weights enter as sum(w_y l) / sum(w_y)."""
    w = [1.0, 3.0]
    per = [
        -((1 - _p(r)[t]) ** 1.0) * math.log(_p(r)[t])
        for r, t in zip(LOGITS.tolist(), TARGET.tolist())
    ]
    ws = [w[t] for t in TARGET.tolist()]
    expected = sum(a * b for a, b in zip(ws, per)) / sum(ws)
    got = float(FocalLoss(1.0, weight=w)(LOGITS, TARGET))
    assert got == pytest.approx(expected, rel=1e-6)


def test_focal_gamma_zero_is_weighted_cross_entropy():
    """With gamma=0 the focal loss is torch's weighted cross-entropy."""
    w = torch.tensor([0.5, 4.0])
    expected = F.cross_entropy(LOGITS, TARGET, weight=w)
    got = FocalLoss(0.0, weight=w.numpy())(LOGITS, TARGET)
    assert float(got) == pytest.approx(float(expected), rel=1e-6)


def test_weighted_cross_entropy_batch_is_torch():
    """With the batch normalization it is torch's weighted cross-entropy."""
    w = torch.tensor([0.5, 4.0])
    expected = F.cross_entropy(LOGITS, TARGET, weight=w)
    got = WeightedCrossEntropyLoss(w.numpy(), weight_normalization="batch")
    assert float(got(LOGITS, TARGET)) == pytest.approx(float(expected), rel=1e-6)


def test_dataset_normalization_by_hand():
    """The dataset normalization divides by n times the mean weight of a row."""
    w, counts = [1.0, 3.0], [75, 25]
    per = [
        -((1 - _p(r)[t]) ** 1.0) * math.log(_p(r)[t])
        for r, t in zip(LOGITS.tolist(), TARGET.tolist())
    ]
    mean_weight = (1.0 * 75 + 3.0 * 25) / 100
    expected = sum(w[t] * v for t, v in zip(TARGET.tolist(), per)) / (
        len(per) * mean_weight
    )
    loss = FocalLoss(1.0, w, weight_normalization="dataset", class_counts=counts)
    assert float(loss(LOGITS, TARGET)) == pytest.approx(expected, rel=1e-6)


def test_dataset_normalization_is_unbiased_over_an_epoch(rng):
    """Averaged over the batches of an epoch, the dataset normalization gives the
    weighted mean loss of all rows, however unevenly the rare rows fall."""
    target = torch.as_tensor(np.r_[np.ones(3), np.zeros(61)].astype(int))
    logits = torch.as_tensor(rng.normal(size=(64, 2)), dtype=torch.float32)
    w = torch.tensor([0.5, 8.0])
    everything = F.cross_entropy(logits, target, weight=w)
    loss = WeightedCrossEntropyLoss(
        w.numpy(), weight_normalization="dataset", class_counts=[61, 3]
    )
    batches = torch.arange(64).reshape(4, 16)  # the rare rows all in the first
    per_batch = [float(loss(logits[b], target[b])) for b in batches]
    assert np.mean(per_batch) == pytest.approx(float(everything), rel=1e-5)


def test_dataset_normalization_follows_weights_set_later():
    """Weights set after construction (as deferred re-weighting does) are
    normalized by their own mean over the rows."""
    loss = WeightedCrossEntropyLoss(
        None, weight_normalization="dataset", class_counts=[2, 1]
    )
    loss.weight = torch.tensor([1.0, 4.0])
    per = F.cross_entropy(LOGITS, TARGET, reduction="none")
    expected = float((torch.tensor([1.0, 1.0, 4.0]) * per).sum()) / (3 * 2.0)
    assert float(loss(LOGITS, TARGET)) == pytest.approx(expected, rel=1e-6)


def test_logit_adjusted_by_hand():
    """Logit adjustment adds tau * log(prior) to the logits before the softmax."""
    counts, tau = [80, 20], 0.5
    adj = [tau * math.log(0.8), tau * math.log(0.2)]
    expected = np.mean(
        [
            -math.log(_p([a + b for a, b in zip(r, adj)])[t])
            for r, t in zip(LOGITS.tolist(), TARGET.tolist())
        ]
    )
    got = float(LogitAdjustedLoss(counts, tau=tau)(LOGITS, TARGET))
    assert got == pytest.approx(expected, rel=1e-6)


def test_balanced_softmax_is_logit_adjusted_tau_one():
    """Balanced softmax equals logit adjustment with tau=1."""
    a = BalancedSoftmaxLoss([70, 30])(LOGITS, TARGET)
    b = LogitAdjustedLoss([70, 30], tau=1.0)(LOGITS, TARGET)
    assert float(a) == pytest.approx(float(b))


def test_ldam_by_hand():
    """LDAM subtracts C / n_y^(1/4) (largest = max_margin) from the true logit."""
    counts = [81, 1]
    margins = [1 / 3, 1.0]  # 1 / n^(1/4), then scaled so the largest is 0.5
    margins = [m * 0.5 for m in margins]
    per = []
    for r, t in zip(LOGITS.tolist(), TARGET.tolist()):
        shifted = list(r)
        shifted[t] -= margins[t]
        per.append(-math.log(_p(shifted)[t]))
    got = float(LDAMLoss(counts, max_margin=0.5)(LOGITS, TARGET))
    assert got == pytest.approx(np.mean(per), rel=1e-6)


@pytest.mark.parametrize(
    "name, kwargs, match",
    [
        ("nope", {}, "Unknown loss 'nope'"),
        ("focal", {"gamma": -1.0}, "gamma must be"),
        ("logit_adjusted", {"tau": -0.1}, "tau must be"),
        ("ldam", {"max_margin": 0.0}, "max_margin must be"),
        ("focal", {"gamma": float("nan")}, "gamma must be"),
        ("logit_adjusted", {"tau": float("nan")}, "tau must be"),
        ("logit_adjusted", {"tau": float("inf")}, "tau must be"),
        ("ldam", {"max_margin": float("nan")}, "max_margin must be"),
        (
            "cross_entropy",
            {"weight_normalization": "sum"},
            "weight_normalization must be one of",
        ),
    ],
)
def test_bad_loss_parameters(name, kwargs, match):
    """Unknown names and out-of-range parameters raise a clear ValueError."""
    with pytest.raises(ValueError, match=match):
        make_loss(name, [10, 5], **kwargs)


def test_dataset_normalization_needs_counts_with_weights():
    """Class weights cannot be normalized over rows whose counts are unknown."""
    with pytest.raises(ValueError, match="needs the class_counts"):
        make_loss("focal", None, weight=[1.0, 2.0])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"weight_normalization": "dataset"}, "needs the class_counts"),
        (
            {"weight_normalization": "dataset", "class_counts": [-1, 2]},
            "class_counts must be a 1-d array of counts >= 0",
        ),
        (
            {"weight_normalization": "dataset", "class_counts": [0, 0]},
            "with a positive sum",
        ),
    ],
)
def test_bad_dataset_normalization_counts(kwargs, match):
    """The dataset normalization rejects missing, negative or all-zero counts."""
    with pytest.raises(ValueError, match=match):
        WeightedCrossEntropyLoss([1.0, 2.0], **kwargs)


def test_prior_losses_reject_empty_class():
    """A zero class count cannot define a prior."""
    with pytest.raises(ValueError, match="positive count"):
        make_loss("balanced_softmax", [10, 0])
