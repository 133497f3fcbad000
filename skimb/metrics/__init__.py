"""Scores that tell the truth on imbalanced data: functions, scorers, report, plots."""

from ._plot import (
    PerClassRecallDisplay,
    PrecisionRecallIsoDisplay,
    ThresholdCurveDisplay,
)
from ._report import ImbalanceReport, imbalance_report
from ._response import class_scores
from ._scorers import SCORERS, ImbalanceScorer, get_scorer, scorer_names
from ._scores import (
    UndefinedScoreWarning,
    balanced_accuracy,
    f2_score,
    fbeta,
    gmean_score,
    macro_f2_score,
    mcc_score,
    minority_label,
    minority_recall,
    pr_auc_score,
    precision_at_recall,
    recall_at_precision,
)
from ._sweep import (
    OBJECTIVES,
    binary_objective_curve,
    confusion_counts,
    confusion_objective,
    count_objective,
    example_cost_targets,
)

__all__ = [
    "OBJECTIVES",
    "SCORERS",
    "ImbalanceReport",
    "ImbalanceScorer",
    "PerClassRecallDisplay",
    "PrecisionRecallIsoDisplay",
    "ThresholdCurveDisplay",
    "UndefinedScoreWarning",
    "balanced_accuracy",
    "binary_objective_curve",
    "class_scores",
    "confusion_counts",
    "confusion_objective",
    "count_objective",
    "example_cost_targets",
    "f2_score",
    "fbeta",
    "get_scorer",
    "gmean_score",
    "imbalance_report",
    "macro_f2_score",
    "mcc_score",
    "minority_label",
    "minority_recall",
    "pr_auc_score",
    "precision_at_recall",
    "recall_at_precision",
    "scorer_names",
]
