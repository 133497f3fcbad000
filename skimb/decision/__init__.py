"""Decision layer: thresholds and prior correction around any classifier."""

from ._prior import PriorCorrector, adjust_to_prior, em_prior
from ._rules import (
    Decision,
    best_of_sweep,
    cross_validated_rule,
    f_beta_bound_rule,
    one_se_rule,
)
from ._threshold import ThresholdOptimizer

__all__ = [
    "Decision",
    "PriorCorrector",
    "ThresholdOptimizer",
    "adjust_to_prior",
    "best_of_sweep",
    "cross_validated_rule",
    "em_prior",
    "f_beta_bound_rule",
    "one_se_rule",
]
