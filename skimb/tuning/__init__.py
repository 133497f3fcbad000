"""Optuna search over the whole imbalance pipeline."""

from ._pruning import EpochPruning
from ._sampler import TrialSeededSampler, trial_seed
from ._search import OptunaSearchCV
from ._spaces import SAMPLER_CHOICES, imbalance_space

__all__ = [
    "SAMPLER_CHOICES",
    "EpochPruning",
    "OptunaSearchCV",
    "TrialSeededSampler",
    "imbalance_space",
    "trial_seed",
]
