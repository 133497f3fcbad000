"""The neural network side of skimb: the classifier, its modules and losses."""

from ._batch import BalancedBatchSampler, class_shares
from ._callbacks import DeferredReweighting, DynamicSampling
from ._classifier import NetClassifier
from ._data import (
    BatchIterator,
    TensorData,
    resampled_weights,
    split_targets,
    stratified_split,
    weighted_targets,
)
from ._early_stopping import TieAwareEarlyStopping, compare_scores
from ._losses import (
    LOSSES,
    WEIGHT_NORMALIZATIONS,
    BalancedSoftmaxLoss,
    FocalLoss,
    LDAMLoss,
    LogitAdjustedLoss,
    RowWeightedLoss,
    WeightedCrossEntropyLoss,
    make_loss,
)
from ._mlp import MLP
from ._scoring import ImbalanceScoring

__all__ = [
    "LOSSES",
    "BalancedBatchSampler",
    "BalancedSoftmaxLoss",
    "BatchIterator",
    "DeferredReweighting",
    "DynamicSampling",
    "FocalLoss",
    "ImbalanceScoring",
    "LDAMLoss",
    "LogitAdjustedLoss",
    "MLP",
    "NetClassifier",
    "RowWeightedLoss",
    "TensorData",
    "TieAwareEarlyStopping",
    "WEIGHT_NORMALIZATIONS",
    "WeightedCrossEntropyLoss",
    "class_shares",
    "compare_scores",
    "make_loss",
    "resampled_weights",
    "split_targets",
    "stratified_split",
    "weighted_targets",
]
