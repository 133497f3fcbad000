"""The names of the benchmark's methods and its quick subset, without imports.

The command line lists them in its help, which must not wait for torch.
"""

__all__ = ["BASE_METHOD_DESCRIPTIONS", "METHOD_NAMES", "QUICK"]

BASE_METHOD_DESCRIPTIONS = {
    "skimb": "make_imbalanced_pipeline()",
    "logreg": "logistic regression",
    "logreg_balanced": "logistic regression, balanced class weights",
    "smote_logreg": "SMOTE, then logistic regression",
    "balanced_rf": "imbalanced-learn's balanced random forest",
    "hgb_balanced": "histogram gradient boosting, balanced class weights",
    "skorch_mlp": "skorch's NeuralNetClassifier as it comes, 64-64 MLP",
    "catboost_balanced": "CatBoost, auto_class_weights='Balanced' (extra: bench)",
    "xgboost_spw": "XGBoost, scale_pos_weight = negatives / positives (extra: bench)",
}

# every baseline also comes with its threshold tuned for F2 by scikit-learn's
# TunedThresholdClassifierCV; skimb's pipeline tunes its own
METHOD_NAMES = [
    *BASE_METHOD_DESCRIPTIONS,
    *(f"{name}+tuned" for name in BASE_METHOD_DESCRIPTIONS if name != "skimb"),
]

QUICK = {
    "datasets": ["ecoli1", "yeast4", "glass5"],
    "methods": ["skimb", "logreg_balanced", "hgb_balanced", "hgb_balanced+tuned"],
    "folds": 3,
}
