"""The neural network side of skimb: the classifier, its modules and losses."""

from ._classifier import NetClassifier
from ._data import BatchIterator, TensorData
from ._early_stopping import TieAwareEarlyStopping
from ._losses import (
    LOSSES,
    BalancedSoftmaxLoss,
    FocalLoss,
    LDAMLoss,
    LogitAdjustedLoss,
    make_loss,
)
from ._mlp import MLP
from ._scoring import ImbalanceScoring

__all__ = [
    "LOSSES",
    "BalancedSoftmaxLoss",
    "BatchIterator",
    "FocalLoss",
    "ImbalanceScoring",
    "LDAMLoss",
    "LogitAdjustedLoss",
    "MLP",
    "NetClassifier",
    "TensorData",
    "TieAwareEarlyStopping",
    "make_loss",
]
