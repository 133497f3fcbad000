"""Data-level remedies: imbalanced-learn samplers that imbalanced-learn lacks."""

from ._augment import AugmentOverSampler
from ._cluster import ClusterOverSampler, ClusterUnderSampler

__all__ = ["AugmentOverSampler", "ClusterOverSampler", "ClusterUnderSampler"]
