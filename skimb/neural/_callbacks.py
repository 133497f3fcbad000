"""Training-time callbacks: dynamic sampling and deferred re-weighting."""

import numbers

import numpy as np
import torch
from skorch.callbacks import Callback

from ..weights import class_weight_array

__all__ = ["DeferredReweighting", "DynamicSampling"]


class DynamicSampling(Callback):
    """Re-balance the next epoch's batches toward the classes the net gets wrong.

    After every epoch it reads the per-class F1 on the validation split and sets
    the class shares of the next epoch's batches proportional to
    ``max(1 - F1_k, min_share)``: classes with a low F1 are drawn more, classes
    already learnt less (Pouyanfar et al. 2018, "Dynamic sampling in
    convolutional neural networks for imbalanced data classification").
    It brings its batch scheme: a NetClassifier without ``batch_sampling``
    starts from this callback's ``batch_sampling``. It needs a validation
    split.

    The shares and F1 of every epoch are recorded in ``net.history`` as
    ``dynamic_shares`` and ``valid_f1_per_class``.

    Parameters
    ----------
    min_share : float, default=0.05
        Floor of ``1 - F1`` before normalising, so that no class disappears
        from the batches once it is learnt.
    batch_sampling : "balanced", "sqrt" or dict, default="balanced"
        The class shares of the first epoch's batches, used when the net's
        own ``batch_sampling`` is None.

    Examples
    --------
    >>> from skimb.neural import DynamicSampling, NetClassifier
    >>> net = NetClassifier(class_weight=None, callbacks=[DynamicSampling()])
    """

    def __init__(self, min_share=0.05, batch_sampling="balanced"):
        self.min_share = min_share
        self.batch_sampling = batch_sampling

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        if net.train_split is None:
            raise ValueError(
                "DynamicSampling measures F1 on the validation split; it cannot "
                "run with train_split=None."
            )
        if _batch_sampler(net) is None:
            raise ValueError(
                "DynamicSampling changes the class shares of the batches: the net "
                "needs a batch sampler (NetClassifier makes one from "
                "DynamicSampling's batch_sampling)."
            )
        if not isinstance(self.min_share, numbers.Real) or not 0 < self.min_share <= 1:
            raise ValueError(f"min_share must be in (0, 1]; got {self.min_share!r}.")

    def on_epoch_end(self, net, **kwargs):
        f1 = np.asarray(net.history[-1, "valid_f1_per_class"], dtype=float)
        need = np.maximum(1.0 - f1, self.min_share)
        shares = need / need.sum()
        _batch_sampler(net).set_shares(shares)
        net.history.record("dynamic_shares", shares.tolist())


def _batch_sampler(net):
    """The batch sampler of the net's training iterator, if it has one."""
    # NetClassifier passes it bound to its iterator: partial(BatchIterator, ...)
    return getattr(net.iterator_train, "keywords", {}).get("batch_sampler")


def set_loss_weight(criterion, weight, device):
    """Set (or clear, with None) the class weights of a loss module."""
    if not hasattr(criterion, "weight"):
        raise ValueError(
            f"DeferredReweighting needs a loss with a `weight`; "
            f"{type(criterion).__name__} has none."
        )
    if weight is not None:
        weight = torch.as_tensor(weight, dtype=torch.float32, device=device)
    criterion.weight = weight


class DeferredReweighting(Callback):
    """Class weights that switch on at a chosen epoch (DRW, Cao et al. 2019).

    Training starts unweighted, so the features are learnt from the natural
    distribution; from epoch ``start_epoch`` on, the loss weights each class
    (by default by the effective number of samples, as in the paper). Use it
    with ``class_weight=None`` on the net.

    Parameters
    ----------
    start_epoch : int, default=10
        First epoch (counting from 1) with weights.
    class_weight : str, dict or callable, default="effective"
        The weights from then on (see :func:`skimb.weights.compute_class_weight`);
        a dict is keyed by the class labels given to ``fit``.
    beta : float, default=0.9999
        For ``"effective"``; the paper's value.

    Examples
    --------
    >>> from skimb.neural import DeferredReweighting, NetClassifier
    >>> net = NetClassifier(class_weight=None, loss="ldam",
    ...                     callbacks=[DeferredReweighting(start_epoch=5)])
    """

    def __init__(self, start_epoch=10, class_weight="effective", beta=0.9999):
        self.start_epoch = start_epoch
        self.class_weight = class_weight
        self.beta = beta

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        if not isinstance(self.start_epoch, numbers.Integral) or self.start_epoch < 1:
            raise ValueError(
                f"start_epoch must be an int >= 1; got {self.start_epoch!r}."
            )
        # X is the training data of this fit, a TensorData of the codes of
        # net.classes_ (the user's labels, by which a dict names the classes)
        labels = np.asarray(net.classes_)
        self.weights_ = class_weight_array(
            labels[X.y.cpu().numpy()], labels, self.class_weight, beta=self.beta
        )

    def on_epoch_begin(self, net, **kwargs):
        epoch = len(net.history)  # skorch has already added this epoch's row
        weight = self.weights_ if epoch >= self.start_epoch else None
        set_loss_weight(net.criterion_, weight, net.device)
        net.history.record("reweighted", weight is not None)
