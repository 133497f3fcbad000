"""The default network: a multilayer perceptron that outputs logits."""

from torch import nn

__all__ = ["MLP"]


class MLP(nn.Module):
    """Feed-forward network with ReLU hidden layers and a logit output.

    ``NetClassifier`` builds it at fit time, with ``n_features`` and
    ``n_classes`` read from the data.

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

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import MLP
    >>> MLP(4, 3, hidden_units=(8,))(torch.zeros(5, 4)).shape
    torch.Size([5, 3])
    """

    def __init__(self, n_features, n_classes, hidden_units=(64, 64), dropout=0.0):
        super().__init__()
        layers = []
        width = n_features
        for units in hidden_units:
            layers += [nn.Linear(width, units), nn.ReLU()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = units
        layers.append(nn.Linear(width, n_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, X):
        return self.layers(X)
