"""The default network: a multilayer perceptron that outputs logits."""

import numbers

from torch import nn
from torch.nn import functional as F

__all__ = ["MLP"]


class _BatchNorm(nn.BatchNorm1d):
    """Batch normalisation that also takes a training batch of one row.

    One row has no spread to normalise by, and torch refuses it; the last
    batch of an epoch holds one row whenever the training rows number one
    more than a multiple of the batch size. Such a batch is normalised with
    the running statistics, which it leaves as they are.
    """

    def forward(self, X):
        if self.training and len(X) == 1:
            return F.batch_norm(
                X,
                self.running_mean,
                self.running_var,
                self.weight,
                self.bias,
                training=False,
                eps=self.eps,
            )
        return super().forward(X)


#: torch's batch normalisations: in training, each refuses a batch of one row
#: of shape (1, channels)
_TORCH_BATCH_NORMS = (
    nn.BatchNorm1d,
    nn.BatchNorm2d,
    nn.BatchNorm3d,
    nn.LazyBatchNorm1d,
    nn.LazyBatchNorm2d,
    nn.LazyBatchNorm3d,
    nn.SyncBatchNorm,
)


def refuses_a_lone_row(module):
    """Whether ``module`` has a batch normalisation that cannot train on one row.

    NetClassifier then lets the one row that a last batch would hold join
    the batch before it. :class:`MLP`'s own batch normalisation takes one row
    (it normalises it with the running statistics) and does not count.

    Examples
    --------
    >>> from torch import nn
    >>> from skimb.neural._mlp import MLP, refuses_a_lone_row
    >>> refuses_a_lone_row(nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)))
    True
    >>> refuses_a_lone_row(MLP(3, 2, batch_norm=True))
    False
    """
    return any(
        isinstance(layer, _TORCH_BATCH_NORMS) and not isinstance(layer, _BatchNorm)
        for layer in module.modules()
    )


class MLP(nn.Module):
    """Feed-forward network with ReLU hidden layers and a logit output.

    ``NetClassifier`` builds it at fit time, with ``n_features`` and
    ``n_classes`` read from the data. Each hidden layer is a linear map, batch
    normalisation (when asked for), ReLU, then dropout (when given).

    Parameters
    ----------
    n_features : int
        Number of input features.
    n_classes : int
        Number of classes; the output has one logit per class.
    hidden_units : tuple of int, default=(64, 64)
        Width of each hidden layer; ``()`` gives a linear (softmax regression)
        model.
    dropout : float, default=0.0
        Dropout probability after each hidden layer.
    batch_norm : bool, default=False
        Normalise each hidden layer's pre-activations over the batch (Ioffe and
        Szegedy, "Batch Normalization", ICML 2015); at prediction, with the
        running mean and variance of training, so a row's score does not depend
        on the rows predicted with it. Each layer's inputs then keep one scale
        whatever the columns' scales, which lets the network train at a larger
        step size; the ResNet baseline for tables of Gorishniy et al.
        ("Revisiting Deep Learning Models for Tabular Data", NeurIPS 2021)
        normalises the same way. make_imbalanced_pipeline's networks, trained at
        a step size of 3e-3, use it (without dropout). On the twelve bundled
        KEEL sets it raised the pipeline's mean average precision at seeds 0, 1
        and 2 from 0.753, 0.746 and 0.741 to 0.755, 0.752 and 0.758, and its
        mean F2 from 0.744, 0.737 and 0.727 to 0.749, 0.752 and 0.753, at the
        same fit time; the G-mean moved from 0.895, 0.877 and 0.868 to 0.888,
        0.880 and 0.901 (``benchmarks/bench_networks.py --seed 0 1 2``, ``mlp``
        against ``plain_mlp``). A lone NetClassifier of one network, at its
        default step size of 1e-3, gained nothing from it (mean average
        precision 0.729 with it, 0.733 without, over the same seeds;
        ``benchmarks/bench_keel.py --params '{"batch_norm": true, "dropout": 0,
        "n_networks": 1}'``), so it is off by default.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import MLP
    >>> MLP(4, 3, hidden_units=(8,))(torch.zeros(5, 4)).shape
    torch.Size([5, 3])
    """

    def __init__(
        self,
        n_features,
        n_classes,
        hidden_units=(64, 64),
        dropout=0.0,
        batch_norm=False,
    ):
        super().__init__()
        _check_widths(hidden_units)
        layers = []
        width = n_features
        for units in hidden_units:
            layers.append(nn.Linear(width, units))
            if batch_norm:
                layers.append(_BatchNorm(units))
            layers.append(nn.ReLU())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = units
        layers.append(nn.Linear(width, n_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, X):
        return self.layers(X)


def _check_widths(hidden_units):
    """Each hidden layer needs a width of at least one unit."""
    widths = list(hidden_units)
    if not all(
        isinstance(w, numbers.Integral) and not isinstance(w, bool) and w >= 1
        for w in widths
    ):
        raise ValueError(
            "hidden_units must hold one int >= 1 per hidden layer (empty for "
            f"none); got {hidden_units!r}."
        )
