"""skimb: learning from class-imbalanced data with neural networks."""

from ._pipeline import (
    NUMERIC_SCALINGS,
    PIPELINE_NET_DEFAULTS,
    make_imbalanced_pipeline,
    make_preprocessor,
)
from .decision import PriorCorrector, ThresholdOptimizer
from .neural import NetClassifier
from .weights import compute_class_weight

__version__ = "0.1.0"

__all__ = [
    "NUMERIC_SCALINGS",
    "PIPELINE_NET_DEFAULTS",
    "NetClassifier",
    "PriorCorrector",
    "ThresholdOptimizer",
    "__version__",
    "compute_class_weight",
    "make_imbalanced_pipeline",
    "make_preprocessor",
]
