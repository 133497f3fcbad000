"""skimb: learning from class-imbalanced data with neural networks."""

from .neural import NetClassifier
from .weights import compute_class_weight

__version__ = "0.1.0"

__all__ = ["NetClassifier", "compute_class_weight", "__version__"]
