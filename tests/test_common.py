"""scikit-learn's estimator checks over every public estimator of skimb."""

import pytest
from imblearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_sampler_checks,
)
from optuna.distributions import FloatDistribution
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from skimb.decision import PriorCorrector, ThresholdOptimizer
from skimb.neural import NetClassifier
from skimb.sampling import AugmentOverSampler, ClusterOverSampler, ClusterUnderSampler
from skimb.tuning import OptunaSearchCV

_EARLY_STOPPING_REASON = (
    "early stopping on the validation average precision restores an early epoch: "
    "AP ranks and ignores the threshold, which is all that the check's extreme "
    "weights {0: 1000, others: 1e-4} move; the same check passes with "
    "early_stopping=False (the second NetClassifier here)"
)


_THRESHOLD_REASON = (
    "the check requires predict == argmax(predict_proba); moving the decision "
    "rule away from argmax is what ThresholdOptimizer is for"
)
_EM_REASON = (
    "deploy_prior='em' estimates the class prior of each batch given to "
    "predict_proba, so by design a sample's probability depends on its batch"
)


_FOLDS_REASON = (
    "the training prior is estimated on cross-validation folds, drawn over rows: "
    "a row of weight 2 and two copies of it fall into different folds"
)
_MINI_BATCH_REASON = (
    "mini-batch training: a row of weight 2 and the same row twice give "
    "different batches and validation splits, so the nets differ"
)


def _expected_failed_checks(estimator):
    if isinstance(estimator, ThresholdOptimizer):
        return {
            name: _THRESHOLD_REASON
            for name in (
                "check_classifiers_train",
                "check_classifiers_train(readonly_memmap=True)",
                "check_classifiers_train(readonly_memmap=True,X_dtype=float32)",
            )
        }
    if isinstance(estimator, PriorCorrector):
        expected = {}
        if estimator.deploy_prior == "em":
            expected["check_methods_subset_invariance"] = _EM_REASON
        if estimator.train_prior == "estimate" and estimator.cv != "prefit":
            for data in ("dense", "sparse"):
                expected[f"check_sample_weight_equivalence_on_{data}_data"] = (
                    _FOLDS_REASON
                )
        return expected
    if isinstance(estimator, NetClassifier):
        expected = {"check_sample_weight_equivalence_on_dense_data": _MINI_BATCH_REASON}
        if estimator.early_stopping:
            expected["check_class_weight_classifiers"] = _EARLY_STOPPING_REASON
        return expected
    return {}


# Small nets keep the checks fast; every check still trains for real.
ESTIMATORS = [
    NetClassifier(hidden_units=(16,), max_epochs=40, random_state=0),
    NetClassifier(
        hidden_units=(16,), max_epochs=100, early_stopping=False, random_state=0
    ),
    ThresholdOptimizer(LogisticRegression(), cv=3, random_state=0),
    ThresholdOptimizer(LogisticRegression(), objective="balanced_accuracy", cv=0.3),
    PriorCorrector(LogisticRegression(), cv=3, random_state=0),
    PriorCorrector(LogisticRegression(), train_prior="balanced", deploy_prior="em"),
    OptunaSearchCV(
        LogisticRegression(),
        {"C": FloatDistribution(1e-2, 1e2, log=True)},
        n_trials=3,
        cv=2,
        scoring="balanced_accuracy",
        random_state=0,
    ),
]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
# the checks predict on batches of a few rows, which EM is rightly warned of
@pytest.mark.filterwarnings("ignore:EM estimates the class prior:UserWarning")
def test_sklearn_compatible(estimator, check):
    """Each public estimator passes scikit-learn's estimator checks."""
    check(estimator)


SAMPLERS = [
    ClusterOverSampler(random_state=0),
    ClusterOverSampler(n_clusters=2, new_rows="interpolate", random_state=0),
    ClusterUnderSampler(random_state=0),
    ClusterUnderSampler(n_clusters=3, random_state=0),
    AugmentOverSampler(random_state=0),
    AugmentOverSampler(method="mixup", random_state=0),
]


@parametrize_with_checks(SAMPLERS)
def test_sklearn_compatible_sampler(estimator, check):
    """Each sampler passes scikit-learn's estimator checks."""
    check(estimator)


@parametrize_with_sampler_checks(SAMPLERS)
def test_imblearn_compatible_sampler(estimator, check):
    """Each sampler passes imbalanced-learn's sampler checks."""
    check(estimator)


def _svc_search():
    return OptunaSearchCV(
        LinearSVC(),
        {"C": FloatDistribution(0.1, 10.0, log=True)},
        n_trials=2,
        cv=2,
        scoring="balanced_accuracy",
        random_state=0,
    )


@pytest.mark.parametrize(
    "make_meta, missing, present",
    [
        (
            lambda: ThresholdOptimizer(LinearSVC(), cv=2),
            ["predict_proba"],
            ["decision_function", "predict"],
        ),
        (lambda: _svc_search(), ["predict_proba"], ["decision_function", "predict"]),
        (
            lambda: OptunaSearchCV(
                LogisticRegression(),
                {"C": FloatDistribution(0.1, 10.0, log=True)},
                n_trials=1,
                cv=2,
                random_state=0,
            ),
            [],
            ["predict_proba", "decision_function", "predict"],
        ),
    ],
)
def test_delegated_methods_exist_only_where_the_estimator_has_them(
    make_meta, missing, present
):
    """hasattr tells the truth before and after fit (scikit-learn's available_if)."""
    X, y = make_classification(200, weights=[0.8], random_state=0)
    meta = make_meta()
    for fitted in (meta, clone(meta).fit(X, y)):
        assert not [name for name in missing if hasattr(fitted, name)]
        assert all(hasattr(fitted, name) for name in present)


def test_prior_corrector_without_probabilities_has_no_predict_proba():
    """PriorCorrector around a classifier without predict_proba offers none."""
    meta = PriorCorrector(LinearSVC())
    assert not hasattr(meta, "predict_proba")
    assert not hasattr(meta, "predict")
    assert hasattr(PriorCorrector(LogisticRegression()), "predict_proba")
