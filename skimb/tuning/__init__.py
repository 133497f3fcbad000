"""Optuna search over the whole imbalance pipeline."""

from ._pruning import EpochPruning
from ._search import OptunaSearchCV
from ._spaces import SAMPLER_CHOICES, imbalance_space

__all__ = ["SAMPLER_CHOICES", "EpochPruning", "OptunaSearchCV", "imbalance_space"]
