"""ClusterOverSampler against imbalanced-learn's KMeansSMOTE on a large set.

200,000 x 32 rows with a 1% minority, on two data sets: a minority made of three
blobs, and scikit-learn's make_classification. Prints the
time of ClusterOverSampler with its defaults, and of KMeansSMOTE with its defaults
(which may fail on this data: the failure is printed) and with a setting that
makes it run (cluster_balance_threshold=0.0).

    python benchmarks/bench_sampling.py
"""

import time

import numpy as np
from imblearn.over_sampling import KMeansSMOTE
from sklearn.datasets import make_classification

from skimb.sampling import ClusterOverSampler


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    n, d, n_min = 200_000, 32, 2_000
    X_major = rng.normal(size=(n - n_min, d))
    centres = rng.normal(scale=3, size=(3, d))
    X_minor = centres[rng.integers(3, size=n_min)] + rng.normal(size=(n_min, d))
    X = np.r_[X_major, X_minor].astype(np.float64)
    y = np.r_[np.zeros(n - n_min, int), np.ones(n_min, int)]
    return X, y


def timed(sampler, X, y, repeats=3):
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            X_res, y_res = sampler.fit_resample(X, y)
            result = f"ok, class counts {np.bincount(y_res).tolist()}"
        except Exception as exc:  # a failing baseline is part of the report
            result = f"FAILED: {type(exc).__name__}: {str(exc)[:90]}"
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    data = {
        "three minority blobs": make_data(),
        "make_classification(weights=[0.99])": make_classification(
            200_000, 32, n_informative=8, weights=[0.99], random_state=0
        ),
    }
    for title, (X, y) in data.items():
        print(f"\n{title}")
        compare(X, y)


def compare(X, y):
    rows = [
        ("ClusterOverSampler()", ClusterOverSampler(random_state=0)),
        ("KMeansSMOTE()", KMeansSMOTE(random_state=0)),
        (
            "KMeansSMOTE(cluster_balance_threshold=0.0)",
            KMeansSMOTE(cluster_balance_threshold=0.0, random_state=0),
        ),
    ]
    print(f"{X.shape[0]:,} x {X.shape[1]} rows, {y.mean():.0%} minority; best of 3")
    for name, sampler in rows:
        seconds, result = timed(sampler, X, y)
        print(f"  {name:<44}{seconds:7.3f} s   {result}")


if __name__ == "__main__":
    main()
