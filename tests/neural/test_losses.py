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
    ],
)
def test_bad_loss_parameters(name, kwargs, match):
    """Unknown names and out-of-range parameters raise a clear ValueError."""
    with pytest.raises(ValueError, match=match):
        make_loss(name, [10, 5], **kwargs)


def test_prior_losses_reject_empty_class():
    """A zero class count cannot define a prior."""
    with pytest.raises(ValueError, match="positive count"):
        make_loss("balanced_softmax", [10, 0])
