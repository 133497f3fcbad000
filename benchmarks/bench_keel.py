"""NetClassifier defaults on the twelve KEEL data sets (5-fold stratified CV).

Compares the default ``NetClassifier(class_weight="balanced")`` with a plain skorch
MLP of the same shape trained with unweighted cross-entropy (skorch's defaults:
a 20% validation split, no early stopping), and prints per data set and in the
mean the average precision and the G-mean at the 0.5 (argmax) threshold.

    python benchmarks/bench_keel.py [--folds 5] [--jobs 2] [--numeric standard]

``--numeric`` is ``make_preprocessor``'s scaling of the numeric columns:
``standard`` (its default) or ``auto``, make_imbalanced_pipeline's.
"""

import argparse
import json
import time

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.metrics import average_precision_score, confusion_matrix
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline

from skimb import NUMERIC_SCALINGS, make_preprocessor
from skimb.bench._methods import _plain_skorch
from skimb.datasets import list_keel, load_keel
from skimb.neural import NetClassifier


def make_model(method, seed, params, numeric="standard"):
    if method == "skimb":
        net = NetClassifier(
            **{"class_weight": "balanced", "random_state": seed, **params}
        )
    else:
        # the skorch baseline of `skimb bench`, trained for 100 epochs
        net = _plain_skorch(seed).set_params(max_epochs=100)
    return make_pipeline(make_preprocessor(numeric), net)


def run_fold(name, method, fold, train, test, seed, params, numeric):
    torch.set_num_threads(1)
    X, y = load_keel(name, as_frame=True)
    model = make_model(method, seed, params, numeric)
    start = time.perf_counter()
    model.fit(
        X.iloc[train].astype({c: "float32" for c in X.select_dtypes("number")}),
        y.iloc[train].to_numpy(),
    )
    fit_time = time.perf_counter() - start
    proba = model.predict_proba(X.iloc[test])[:, 1]
    y_test = y.iloc[test].to_numpy()
    tn, fp, fn, tp = confusion_matrix(y_test, (proba >= 0.5).astype(int)).ravel()
    gmean = np.sqrt(tp / (tp + fn) * tn / (tn + fp))
    return {
        "dataset": name,
        "method": method,
        "fold": fold,
        "ap": average_precision_score(y_test, proba),
        "gmean": gmean,
        "fit_s": fit_time,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--datasets", nargs="*", default=list_keel())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--params",
        type=json.loads,
        default={},
        help="NetClassifier parameters as JSON, e.g. '{\"patience\": 50}'",
    )
    parser.add_argument("--methods", nargs="*", default=["skimb", "plain_skorch"])
    parser.add_argument("--numeric", choices=NUMERIC_SCALINGS, default="standard")
    args = parser.parse_args(argv)
    tasks = []
    for name in args.datasets:
        X, y = load_keel(name)
        cv = StratifiedKFold(args.folds, shuffle=True, random_state=args.seed)
        for fold, (train, test) in enumerate(cv.split(X, y)):
            for method in args.methods:
                tasks.append(
                    (
                        name,
                        method,
                        fold,
                        train,
                        test,
                        args.seed + fold,
                        args.params,
                        args.numeric,
                    )
                )
    rows = Parallel(n_jobs=args.jobs)(delayed(run_fold)(*t) for t in tasks)
    results = pd.DataFrame(rows)
    table = results.groupby(["dataset", "method"])[["ap", "gmean", "fit_s"]].mean()
    for metric in ("ap", "gmean", "fit_s"):
        wide = table[metric].unstack("method")
        wide.loc["MEAN"] = wide.mean()
        print(f"\n{metric} ({args.folds}-fold stratified CV)")
        print(wide.round(3).to_string())


if __name__ == "__main__":
    main()
