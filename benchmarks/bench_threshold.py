"""Speed of ThresholdOptimizer's exact sweep.

1. On 1,000,000 binary predictions, the time of ThresholdOptimizer(cv="prefit")
   against scikit-learn's TunedThresholdClassifierCV(cv="prefit") with its
   100-point grid, both choosing an F1 threshold on the same scores.
2. The time threshold tuning adds to a 5-fold fit on a 1,500-row data set: the
   whole fit minus the time spent in the estimator's own fits.

    python benchmarks/bench_threshold.py
"""

import time

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import TunedThresholdClassifierCV

from skimb.decision import ThresholdOptimizer


class ScoreColumn(ClassifierMixin, BaseEstimator):
    """A 'fitted' classifier whose positive score is the first column of X."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        p = np.asarray(X)[:, 0]
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (np.asarray(X)[:, 0] >= 0.5).astype(int)


class TimedLogisticRegression(LogisticRegression):
    """Logistic regression that adds the seconds of each fit to a shared total."""

    spent = [0.0]

    def fit(self, X, y, sample_weight=None):
        start = time.perf_counter()
        super().fit(X, y, sample_weight=sample_weight)
        TimedLogisticRegression.spent[0] += time.perf_counter() - start
        return self


def best_of(repeats, func):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def million_predictions():
    rng = np.random.default_rng(0)
    y = (rng.random(1_000_000) < 0.05).astype(int)
    score = np.clip(rng.normal(0.3 + 0.3 * y, 0.15), 0, 1)
    X = score[:, None]
    model = ScoreColumn().fit(X, y)
    ours = best_of(
        3, lambda: ThresholdOptimizer(model, objective="f1", cv="prefit").fit(X, y)
    )
    theirs = best_of(
        1,
        lambda: TunedThresholdClassifierCV(
            model, scoring="f1", cv="prefit", refit=False, thresholds=100
        ).fit(X, y),
    )
    print("1,000,000 predictions, F1 threshold (best of runs):")
    print(f"  ThresholdOptimizer(cv='prefit')        {ours:8.3f} s")
    print(f"  TunedThresholdClassifierCV(prefit,100) {theirs:8.3f} s")
    print(f"  speed-up                               {theirs / ours:8.1f} x")


def tuning_overhead():
    X, y = make_classification(1500, n_features=8, weights=[0.95], random_state=0)
    overheads = []
    for _ in range(5):
        TimedLogisticRegression.spent[0] = 0.0
        start = time.perf_counter()
        ThresholdOptimizer(TimedLogisticRegression(), cv=5, random_state=0).fit(X, y)
        total = time.perf_counter() - start
        overheads.append(total - TimedLogisticRegression.spent[0])
    print("1,500 rows, 5 folds + refit: time outside the estimator's fits")
    median_ms = 1000 * np.median(overheads)
    print(f"  median over 5 runs                     {median_ms:8.1f} ms")


if __name__ == "__main__":
    million_predictions()
    tuning_overhead()
