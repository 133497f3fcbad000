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
    MemberLoss,
    RowWeightedLoss,
    WeightedCrossEntropyLoss,
    flatten_members,
    make_loss,
)
from ._mlp import MLP
from ._progress import TimeLeft
from ._scoring import ImbalanceScoring
from ._sizing import (
    auto_batch_size,
    auto_learning_rate,
    auto_n_networks,
    epochs_within,
    held_out_share,
    refits_on_all_rows,
    resolve_device,
)
from ._tabm import TabMNet, class_probabilities

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
    "MemberLoss",
    "NetClassifier",
    "RowWeightedLoss",
    "TabMNet",
    "TensorData",
    "TieAwareEarlyStopping",
    "TimeLeft",
    "WEIGHT_NORMALIZATIONS",
    "WeightedCrossEntropyLoss",
    "auto_batch_size",
    "auto_learning_rate",
    "auto_n_networks",
    "class_probabilities",
    "class_shares",
    "compare_scores",
    "epochs_within",
    "flatten_members",
    "held_out_share",
    "make_loss",
    "refits_on_all_rows",
    "resampled_weights",
    "resolve_device",
    "split_targets",
    "stratified_split",
    "weighted_targets",
]
