"""Losses for imbalanced classification, all taking raw logits.

Every loss here takes logits of shape ``(n, K)`` and integer targets, so the
matching output nonlinearity is always the softmax. Class weights, where given,
weight each sample's loss by the weight of its true class. The batch loss is then
either the batch's own weighted mean ``sum(w_i l_i) / sum(w_i)``, as
``torch.nn.CrossEntropyLoss`` does (``weight_normalization="batch"``), or
``sum(w_i l_i) / (n * w_bar)``, with ``w_bar = sum_k w_k n_k / sum_k n_k`` the
mean weight of a training row (``"dataset"``). The second is an unbiased
estimate of the training rows' weighted mean loss; the first is a ratio
estimate, and its bias matters when a batch seldom holds a row of the rare
class: a batch without one puts its whole weight on the other classes, so over
an epoch the rare class gets far less than its weight's share of the gradient.
With ``gamma=0`` the focal loss equals weighted cross-entropy.
"""

import math
import numbers

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._data import split_targets

__all__ = [
    "LOSSES",
    "MemberLoss",
    "RowWeightedLoss",
    "WEIGHT_NORMALIZATIONS",
    "WeightedCrossEntropyLoss",
    "FocalLoss",
    "LogitAdjustedLoss",
    "BalancedSoftmaxLoss",
    "LDAMLoss",
    "flatten_members",
    "make_loss",
]


def _finite_at_least(value, least):
    """Whether ``value`` is a real number, finite and ``>= least`` (NaN is not)."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= least
    )


def _as_buffer(values, name):
    if values is None:
        return None
    tensor = torch.as_tensor(np.asarray(values, dtype=np.float32))
    if tensor.ndim != 1 or not torch.all(torch.isfinite(tensor)):
        raise ValueError(f"{name} must be a 1-d array of finite numbers.")
    return tensor


#: How a batch's class-weighted loss is scaled (see WeightedCrossEntropyLoss).
WEIGHT_NORMALIZATIONS = ("dataset", "batch")


def _class_prior(class_counts):
    counts = np.asarray(class_counts, dtype=np.float64)
    if counts.ndim != 1 or np.any(counts < 0) or not counts.sum() > 0:
        raise ValueError(
            "class_counts must be a 1-d array of counts >= 0 with a positive "
            f"sum; got {class_counts!r}."
        )
    return counts / counts.sum()


def _log_prior(class_counts):
    counts = np.asarray(class_counts, dtype=np.float64)
    if np.any(counts <= 0):
        raise ValueError(
            f"Every class needs a positive count for a prior-based loss; got {counts}."
        )
    return np.log(_class_prior(counts))


class _LogitLoss(nn.Module):
    """Base: the optional class weights (a buffer, moves with .to()) and the
    reduction of the per-sample losses to the batch loss."""

    def __init__(self, weight=None, *, weight_normalization="batch", class_counts=None):
        super().__init__()
        if weight_normalization not in WEIGHT_NORMALIZATIONS:
            raise ValueError(
                f"weight_normalization must be one of {list(WEIGHT_NORMALIZATIONS)}; "
                f"got {weight_normalization!r}."
            )
        if weight_normalization == "dataset" and class_counts is None:
            raise ValueError(
                "weight_normalization='dataset' needs the class_counts of the "
                "training rows (the mean weight of a row comes from them)."
            )
        self.weight_normalization = weight_normalization
        # a buffer even when None, so that weights can be set later (DRW)
        self.register_buffer("weight", _as_buffer(weight, "weight"))
        prior = None
        if weight_normalization == "dataset":
            prior = _class_prior(class_counts)
        self.register_buffer("class_prior", _as_buffer(prior, "class_prior"))

    def forward(self, logits, target):
        """The batch loss; ``target`` holds labels, or labels and row weights
        (see :func:`~skimb.neural.weighted_targets`). Logits of shape
        ``(n, k, n_classes)``, from ``k`` ensemble members, give the mean of
        the members' losses (see :func:`flatten_members`)."""
        logits, target = flatten_members(logits, target)
        labels, row_weight = split_targets(target)
        return self._reduce(self.per_sample(logits, labels), labels, row_weight)

    def per_sample(self, logits, target):
        """The loss of each row, before weights."""
        raise NotImplementedError

    def _reduce(self, per_sample, target, row_weight=None):
        if self.weight is None and row_weight is None:
            return per_sample.mean()
        w = torch.ones_like(per_sample) if self.weight is None else self.weight[target]
        if row_weight is not None:
            w = w * row_weight
        if self.class_prior is None:
            return (w * per_sample).sum() / w.sum()
        # the expected weight of a row, not this batch's: how many rare rows
        # a batch happens to hold must not change what each of them weighs
        # (computed here, so that weights set later, as by DRW, are covered)
        class_weight = 1.0 if self.weight is None else self.weight
        mean_weight = (class_weight * self.class_prior).sum()
        return (w * per_sample).sum() / (len(target) * mean_weight)


class WeightedCrossEntropyLoss(_LogitLoss):
    """Softmax cross-entropy with class weights and a choice of batch reduction.

    With ``weight_normalization="batch"`` it equals
    ``torch.nn.CrossEntropyLoss(weight=weight)``; with ``"dataset"`` the batch
    loss is ``sum(w_i l_i) / (n * w_bar)``, ``w_bar`` being the mean weight of a
    training row, which keeps a rare class's share of the gradient at its
    weight's share even when most batches hold none of its rows (see
    ``weight_normalization`` in :class:`~skimb.neural.NetClassifier`).

    Parameters
    ----------
    weight : array-like of shape (n_classes,), default=None
        Class weights; ``None`` gives the plain mean.
    weight_normalization : {"batch", "dataset"}, default="batch"
        The batch's own weighted mean (torch's convention), or the division
        by the mean weight of a training row.
    class_counts : array-like of shape (n_classes,), default=None
        Training counts of each class; needed by ``"dataset"``.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import WeightedCrossEntropyLoss
    >>> loss = WeightedCrossEntropyLoss(
    ...     [0.5, 5.0], weight_normalization="dataset", class_counts=[90, 10])
    >>> logits, target = torch.zeros(2, 2), torch.tensor([0, 0])
    >>> round(float(loss(logits, target)), 4)  # 0.5 * log 2 / (0.5*0.9 + 5*0.1)
    0.3648
    """

    def per_sample(self, logits, target):
        return F.cross_entropy(logits, target, reduction="none")


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
    weight_normalization : {"batch", "dataset"}, default="batch"
        As in :class:`WeightedCrossEntropyLoss`.
    class_counts : array-like of shape (n_classes,), default=None
        Training rows per class, which ``"dataset"`` averages the weight over.

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

    def __init__(
        self, gamma=2.0, weight=None, *, weight_normalization="batch", class_counts=None
    ):
        super().__init__(
            weight, weight_normalization=weight_normalization, class_counts=class_counts
        )
        if not _finite_at_least(gamma, 0.0):
            raise ValueError(f"gamma must be a finite float >= 0; got {gamma!r}.")
        self.gamma = float(gamma)

    def per_sample(self, logits, target):
        log_p = F.log_softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
        return -((1.0 - log_p.exp()) ** self.gamma) * log_p


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
    weight_normalization : {"batch", "dataset"}, default="batch"
        As in :class:`WeightedCrossEntropyLoss`.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import LogitAdjustedLoss
    >>> loss = LogitAdjustedLoss([90, 10], tau=1.0)
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([1]))), 4)
    2.3026
    """

    def __init__(
        self, class_counts, tau=1.0, weight=None, *, weight_normalization="batch"
    ):
        super().__init__(
            weight, weight_normalization=weight_normalization, class_counts=class_counts
        )
        if not _finite_at_least(tau, 0.0):
            raise ValueError(f"tau must be a finite float >= 0; got {tau!r}.")
        self.tau = float(tau)
        self.register_buffer(
            "offset", torch.as_tensor(self.tau * _log_prior(class_counts)).float()
        )

    def per_sample(self, logits, target):
        return F.cross_entropy(logits + self.offset, target, reduction="none")


class BalancedSoftmaxLoss(LogitAdjustedLoss):
    """Balanced softmax of Ren et al. (2020).

    The softmax is taken over ``logits + log(n_k)``; it is the logit-adjusted
    loss with ``tau = 1`` (the constant ``log n`` cancels in the softmax).

    Parameters
    ----------
    class_counts : array-like of shape (n_classes,)
        Training counts of each class, whose shares are the prior.
    weight : array-like of shape (n_classes,), default=None
        Optional class weights on top of the prior correction.
    weight_normalization : {"batch", "dataset"}, default="batch"
        As in :class:`WeightedCrossEntropyLoss`.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import BalancedSoftmaxLoss
    >>> loss = BalancedSoftmaxLoss([90, 10])
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([0]))), 4)
    0.1054
    """

    def __init__(self, class_counts, weight=None, *, weight_normalization="batch"):
        super().__init__(
            class_counts,
            tau=1.0,
            weight=weight,
            weight_normalization=weight_normalization,
        )


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
    weight_normalization : {"batch", "dataset"}, default="batch"
        As in :class:`WeightedCrossEntropyLoss`.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import LDAMLoss
    >>> loss = LDAMLoss([100, 1], max_margin=0.5)
    >>> round(float(loss(torch.zeros(1, 2), torch.tensor([1]))), 4)
    0.9741
    """

    def __init__(
        self,
        class_counts,
        max_margin=0.5,
        scale=1.0,
        weight=None,
        *,
        weight_normalization="batch",
    ):
        super().__init__(
            weight, weight_normalization=weight_normalization, class_counts=class_counts
        )
        if not (_finite_at_least(max_margin, 0.0) and max_margin > 0):
            raise ValueError(
                f"max_margin must be a finite float > 0; got {max_margin!r}."
            )
        counts = np.asarray(class_counts, dtype=np.float64)
        if np.any(counts <= 0):
            raise ValueError(f"Every class needs a positive count; got {counts}.")
        margins = 1.0 / counts**0.25
        margins *= max_margin / margins.max()
        self.register_buffer("margins", torch.as_tensor(margins).float())
        self.scale = float(scale)

    def per_sample(self, logits, target):
        shifted = (
            logits - F.one_hot(target, logits.shape[1]) * self.margins[target, None]
        )
        return F.cross_entropy(self.scale * shifted, target, reduction="none")


def flatten_members(logits, target):
    """The logits of ``k`` ensemble members as ``n * k`` rows, each member's
    row with its row's target; two-dimensional logits are returned as given.

    Each member's loss is then computed on its own logits, as if it were a
    network of its own, and the batch loss is their mean: the members learn
    together, not as one averaged prediction (Gorishniy et al., "TabM:
    Advancing Tabular Deep Learning with Parameter-Efficient Ensembling",
    ICLR 2025).

    Parameters
    ----------
    logits : torch.Tensor of shape (n, n_classes) or (n, k, n_classes)
    target : torch.Tensor of shape (n,) or (n, 2)
        Labels, or labels and row weights (:func:`weighted_targets`).

    Returns
    -------
    logits, target : torch.Tensor

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import flatten_members
    >>> logits, target = flatten_members(torch.zeros(2, 3, 4), torch.tensor([0, 1]))
    >>> tuple(logits.shape), target.tolist()
    ((6, 4), [0, 0, 0, 1, 1, 1])
    """
    if logits.ndim != 3:
        return logits, target
    n_members = logits.shape[1]
    flat = logits.reshape(-1, logits.shape[-1])
    return flat, target.repeat_interleave(n_members, dim=0)


class MemberLoss(nn.Module):
    """Any torch loss, applied to each ensemble member's logits.

    A torch loss such as ``CrossEntropyLoss`` reads the second axis of
    three-dimensional logits as the classes; this wrapper hands it the
    members' logits as rows instead (:func:`flatten_members`).

    Parameters
    ----------
    loss : torch.nn.Module
        Called as ``loss(logits, target)`` on two-dimensional logits.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import MemberLoss
    >>> loss = MemberLoss(torch.nn.CrossEntropyLoss())
    >>> round(float(loss(torch.zeros(2, 3, 2), torch.tensor([0, 1]))), 4)
    0.6931
    """

    def __init__(self, loss):
        super().__init__()
        self.loss = loss

    def forward(self, logits, target):
        return self.loss(*flatten_members(logits, target))


class RowWeightedLoss(nn.Module):
    """Row weights for any torch loss that can return per-row losses.

    The wrapped loss is switched to ``reduction="none"``; the batch loss is
    its own weighted mean with the row weights on top,
    ``sum(w_i c_i l_i) / sum(w_i c_i)``, ``c_i`` the class weight the loss
    applies (its ``weight`` attribute, as for ``torch.nn.CrossEntropyLoss``;
    one without), so that equal row weights change nothing.

    Parameters
    ----------
    loss : torch.nn.Module
        A loss with a ``reduction`` attribute, called as ``loss(logits,
        labels)``.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import RowWeightedLoss, weighted_targets
    >>> loss = RowWeightedLoss(torch.nn.CrossEntropyLoss())
    >>> target = weighted_targets(torch.tensor([0, 1]), torch.tensor([0.0, 2.0]))
    >>> round(float(loss(torch.zeros(2, 2), target)), 4)  # (0 + 2 log 2) / 2
    0.6931
    """

    def __init__(self, loss):
        super().__init__()
        if not hasattr(loss, "reduction"):
            raise ValueError(
                f"sample_weight needs per-row losses, which {type(loss).__name__} "
                "cannot give (it has no reduction parameter); use one of "
                "NetClassifier's named losses or a torch loss with reduction."
            )
        loss.reduction = "none"
        self.loss = loss

    def forward(self, logits, target):
        logits, target = flatten_members(logits, target)
        labels, row_weight = split_targets(target)
        per_row = self.loss(logits, labels)  # class weights already applied
        class_weight = getattr(self.loss, "weight", None)
        if class_weight is None:
            class_weight = torch.ones(logits.shape[1], device=logits.device)
        row_weight = torch.ones_like(per_row) if row_weight is None else row_weight
        return (row_weight * per_row).sum() / (row_weight * class_weight[labels]).sum()


LOSSES = {
    "cross_entropy": lambda counts, weight, p: WeightedCrossEntropyLoss(
        weight, weight_normalization=p["normalization"], class_counts=counts
    ),
    "focal": lambda counts, weight, p: FocalLoss(
        p["gamma"],
        weight,
        weight_normalization=p["normalization"],
        class_counts=counts,
    ),
    "logit_adjusted": lambda counts, weight, p: LogitAdjustedLoss(
        counts, p["tau"], weight, weight_normalization=p["normalization"]
    ),
    "balanced_softmax": lambda counts, weight, p: BalancedSoftmaxLoss(
        counts, weight, weight_normalization=p["normalization"]
    ),
    "ldam": lambda counts, weight, p: LDAMLoss(
        counts,
        p["max_margin"],
        weight=weight,
        weight_normalization=p["normalization"],
    ),
}


def make_loss(
    name,
    class_counts,
    *,
    weight=None,
    weight_normalization="dataset",
    gamma=2.0,
    tau=1.0,
    max_margin=0.5,
):
    """Build a loss module by name.

    Parameters
    ----------
    name : {"cross_entropy", "focal", "logit_adjusted", "balanced_softmax", "ldam"}
        The loss.
    class_counts : array-like of shape (n_classes,) or None
        Training counts per class (used by the prior-based losses, and by
        ``weight_normalization="dataset"``).
    weight : array-like of shape (n_classes,), default=None
        Class weights.
    weight_normalization : {"dataset", "batch"}, default="dataset"
        How a batch's weighted loss is scaled (see
        :class:`WeightedCrossEntropyLoss`). Without class counts or weights
        there is nothing to scale by, and ``"batch"`` is used.
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
    if weight_normalization == "dataset" and class_counts is None:
        if weight is not None:
            raise ValueError(
                "weight_normalization='dataset' needs the class_counts of the "
                "training rows to go with the class weights."
            )
        # unweighted, and no counts: both reductions are the plain mean
        weight_normalization = "batch"
    params = {
        "gamma": gamma,
        "tau": tau,
        "max_margin": max_margin,
        "normalization": weight_normalization,
    }
    return LOSSES[name](class_counts, weight, params)
