"""skimb: learning from class-imbalanced data with neural networks."""

from ._pipeline import make_imbalanced_pipeline, make_preprocessor
from .decision import PriorCorrector, ThresholdOptimizer
from .neural import NetClassifier
from .weights import compute_class_weight

__version__ = "0.1.0"

__all__ = [
    "NetClassifier",
    "PriorCorrector",
    "ThresholdOptimizer",
    "__version__",
    "compute_class_weight",
    "make_imbalanced_pipeline",
    "make_preprocessor",
]
