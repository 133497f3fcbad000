"""skimb: learning from class-imbalanced data with neural networks."""

from ._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "NUMERIC_SCALINGS": "._pipeline",
    "PIPELINE_NET_DEFAULTS": "._pipeline",
    "make_imbalanced_pipeline": "._pipeline",
    "make_preprocessor": "._pipeline",
    "SizeAwareCV": "._split",
    "PriorCorrector": ".decision",
    "ThresholdOptimizer": ".decision",
    "NetClassifier": ".neural",
    "compute_class_weight": ".weights",
}

__all__ = sorted([*_EXPORTS, "__version__"])

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
