import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import fbeta_score, make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV

from skimb.bench._methods import _positive_f2


@pytest.mark.parametrize("positive_rate", [0.0, 0.02, 0.3, 1.0])
def test_positive_f2_equals_fbeta_score(rng, positive_rate):
    """The benchmark's F2 is scikit-learn's fbeta_score(beta=2), bit for bit."""
    for _ in range(50):
        y_true = (rng.random(60) < positive_rate).astype(int)
        y_pred = (rng.random(60) < rng.random()).astype(int)
        expected = fbeta_score(y_true, y_pred, beta=2, zero_division=0.0)
        assert _positive_f2(y_true, y_pred) == expected


def test_positive_f2_nothing_true_or_predicted():
    """No positive in truth or prediction scores 0, as fbeta_score does."""
    assert _positive_f2(np.zeros(5, dtype=int), np.zeros(5, dtype=int)) == 0.0


def test_tuned_baseline_chooses_the_same_threshold(binary_data, seed):
    """Threshold tuning with it picks the threshold fbeta_score picks."""
    X, y = binary_data
    thresholds = [
        TunedThresholdClassifierCV(
            LogisticRegression(), scoring=scoring, random_state=seed
        )
        .fit(X, y)
        .best_threshold_
        for scoring in (make_scorer(fbeta_score, beta=2), make_scorer(_positive_f2))
    ]
    assert thresholds[0] == thresholds[1]
