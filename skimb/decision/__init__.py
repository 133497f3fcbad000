"""Decision layer: thresholds and prior correction around any classifier."""

from ._prior import PriorCorrector, adjust_to_prior, em_prior
from ._threshold import ThresholdOptimizer

__all__ = ["PriorCorrector", "ThresholdOptimizer", "adjust_to_prior", "em_prior"]
