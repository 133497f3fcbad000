"""Losses for imbalanced classification, all taking raw logits.

Every loss here takes logits of shape ``(n, K)`` and integer targets, so the
matching output nonlinearity is always the softmax. Class weights, where given,
weight each sample's loss by the weight of its true class and the batch loss is
the weighted mean ``sum(w_i l_i) / sum(w_i)``, as ``torch.nn.CrossEntropyLoss``
does; with ``gamma=0`` the focal loss therefore equals weighted cross-entropy.
"""

import numbers

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

__all__ = [
    "LOSSES",
    "FocalLoss",
    "LogitAdjustedLoss",
    "BalancedSoftmaxLoss",
    "LDAMLoss",
    "make_loss",
]


def _as_buffer(values, name):
    if values is None:
        return None
    tensor = torch.as_tensor(np.asarray(values, dtype=np.float32))
    if tensor.ndim != 1 or not torch.all(torch.isfinite(tensor)):
        raise ValueError(f"{name} must be a 1-d array of finite numbers.")
    return tensor


def _weighted_mean(per_sample, target, weight):
    if weight is None:
        return per_sample.mean()
    w = weight[target]
    return (w * per_sample).sum() / w.sum()


def _log_prior(class_counts):
    counts = np.asarray(class_counts, dtype=np.float64)
    if np.any(counts <= 0):
        raise ValueError(
            f"Every class needs a positive count for a prior-based loss; got {counts}."
        )
    return np.log(counts / counts.sum())


class _LogitLoss(nn.Module):
    """Base: holds the optional class weights as a buffer (moves with .to())."""

    def __init__(self, weight=None):
        super().__init__()
        # a buffer even when None, so that weights can be set later (DRW)
        self.register_buffer("weight", _as_buffer(weight, "weight"))


class FocalLoss(_LogitLoss):
    """Focal loss of Lin et al. (2017), multiclass, on logits.

    ``-w_y (1 - p_y) ** gamma * log p_y``: well-classified samples (``p_y``
    near 1) contribute little, so training concentrates on hard ones.

    Parameters
    ----------
    gamma : float, default=2.0
        Focusing parameter, ``>= 0``; ``0`` gives (weighted) cross-entropy.
    weight : array-like of shape (n_classes,), default=None
        Class weights, the ``alpha`` of the paper.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import FocalLoss
    >>> loss = FocalLoss(gamma=0.0)
    >>> logits, target = torch.tensor([[2.0, 0.0]]), torch.tensor([0])
    >>> ce = torch.nn.functional.cross_entropy(logits, target)
    >>> bool(torch.isclose(loss(logits, target), ce))
    True
    """

    def __init__(self, gamma=2.0, weight=None):
        super().__init__(weight)
        if not isinstance(gamma, numbers.Real) or gamma < 0:
            raise ValueError(f"gamma must be a float >= 0; got {gamma!r}.")
        self.gamma = float(gamma)

    def forward(self, logits, target):
        log_p = F.log_softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
        per_sample = -((1.0 - log_p.exp()) ** self.gamma) * log_p
        return _weighted_mean(per_sample, target, self.weight)


class LogitAdjustedLoss(_LogitLoss):
    """Logit-adjusted softmax cross-entropy of Menon et al. (2021).

    Trains on ``logits + tau * log(prior)``, so that the raw logits estimate
    the class-balanced posterior: their softmax (what ``predict_proba``
    returns) treats all classes as equally likely a priori.

    Parameters
    ----------
    class_counts : array-like of shape (n_classes,)
        Training counts of each class (the prior is their share).
    tau : float, default=1.0
        Strength of the adjustment; ``0`` gives plain cross-entropy.
    weight : array-like of shape (n_classes,), default=None
        Optional class weights (not part of the paper's method).

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import LogitAdjustedLoss
    >>> loss = LogitAdjustedLoss([90, 10], tau=1.0)
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([1]))), 4)
    2.3026
    """

    def __init__(self, class_counts, tau=1.0, weight=None):
        super().__init__(weight)
        if not isinstance(tau, numbers.Real) or tau < 0:
            raise ValueError(f"tau must be a float >= 0; got {tau!r}.")
        self.tau = float(tau)
        self.register_buffer(
            "offset", torch.as_tensor(self.tau * _log_prior(class_counts)).float()
        )

    def forward(self, logits, target):
        per_sample = F.cross_entropy(logits + self.offset, target, reduction="none")
        return _weighted_mean(per_sample, target, self.weight)


class BalancedSoftmaxLoss(LogitAdjustedLoss):
    """Balanced softmax of Ren et al. (2020).

    The softmax is taken over ``logits + log(n_k)``; it is the logit-adjusted
    loss with ``tau = 1`` (the constant ``log n`` cancels in the softmax).

    Parameters
    ----------
    class_counts : array-like of shape (n_classes,)
        Training counts of each class.
    weight : array-like of shape (n_classes,), default=None
        Optional class weights (not part of the paper's method).

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import BalancedSoftmaxLoss
    >>> loss = BalancedSoftmaxLoss([90, 10])
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([0]))), 4)
    0.1054
    """

    def __init__(self, class_counts, weight=None):
        super().__init__(class_counts, tau=1.0, weight=weight)


class LDAMLoss(_LogitLoss):
    """Label-distribution-aware margin loss of Cao et al. (2019).

    Subtracts a margin ``C / n_y ** (1/4)`` from the true class's logit before
    the softmax cross-entropy: rare classes must win by a larger margin.

    Parameters
    ----------
    class_counts : array-like of shape (n_classes,)
        Training counts of each class.
    max_margin : float, default=0.5
        The margin of the rarest class (``C`` is set so that it is reached).
    scale : float, default=1.0
        Multiplies the margin-adjusted logits. The paper uses 30 with a
        normalised last layer; with the plain linear output of an MLP, 1 keeps
        the logits on their usual scale.
    weight : array-like of shape (n_classes,), default=None
        Class weights; the paper combines LDAM with deferred re-weighting.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import LDAMLoss
    >>> loss = LDAMLoss([100, 1], max_margin=0.5)
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([1]))), 4)
    0.9741
    """

    def __init__(self, class_counts, max_margin=0.5, scale=1.0, weight=None):
        super().__init__(weight)
        if not isinstance(max_margin, numbers.Real) or max_margin <= 0:
            raise ValueError(f"max_margin must be a float > 0; got {max_margin!r}.")
        counts = np.asarray(class_counts, dtype=np.float64)
        if np.any(counts <= 0):
            raise ValueError(f"Every class needs a positive count; got {counts}.")
        margins = 1.0 / counts**0.25
        margins *= max_margin / margins.max()
        self.register_buffer("margins", torch.as_tensor(margins).float())
        self.scale = float(scale)

    def forward(self, logits, target):
        shifted = (
            logits - F.one_hot(target, logits.shape[1]) * self.margins[target, None]
        )
        per_sample = F.cross_entropy(self.scale * shifted, target, reduction="none")
        return _weighted_mean(per_sample, target, self.weight)


def _cross_entropy(class_counts, weight, params):
    return nn.CrossEntropyLoss(weight=_as_buffer(weight, "weight"))


LOSSES = {
    "cross_entropy": _cross_entropy,
    "focal": lambda counts, weight, p: FocalLoss(gamma=p["gamma"], weight=weight),
    "logit_adjusted": lambda counts, weight, p: LogitAdjustedLoss(
        counts, tau=p["tau"], weight=weight
    ),
    "balanced_softmax": lambda counts, weight, p: BalancedSoftmaxLoss(
        counts, weight=weight
    ),
    "ldam": lambda counts, weight, p: LDAMLoss(
        counts, max_margin=p["max_margin"], weight=weight
    ),
}


def make_loss(name, class_counts, *, weight=None, gamma=2.0, tau=1.0, max_margin=0.5):
    """Build a loss module by name.

    Parameters
    ----------
    name : {"cross_entropy", "focal", "logit_adjusted", "balanced_softmax", "ldam"}
        The loss.
    class_counts : array-like of shape (n_classes,)
        Training counts per class (used by the prior-based losses).
    weight : array-like of shape (n_classes,), default=None
        Class weights.
    gamma, tau, max_margin : float
        Parameters of ``"focal"``, ``"logit_adjusted"`` and ``"ldam"``.

    Returns
    -------
    loss : torch.nn.Module
        A loss taking ``(logits, target)``.

    Examples
    --------
    >>> from skimb.neural import make_loss
    >>> type(make_loss("focal", [90, 10], gamma=1.0)).__name__
    'FocalLoss'
    """
    if name not in LOSSES:
        raise ValueError(
            f"Unknown loss {name!r}; use one of {', '.join(map(repr, LOSSES))} "
            "or a torch loss module taking (logits, target)."
        )
    params = {"gamma": gamma, "tau": tau, "max_margin": max_margin}
    return LOSSES[name](class_counts, weight, params)
