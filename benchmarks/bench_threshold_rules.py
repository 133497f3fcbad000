"""What make_imbalanced_pipeline's threshold rule gains, and what no rule can.

The twelve KEEL sets under ``skimb bench``'s protocol: 5 stratified folds
shuffled with each seed, fold ``k``'s model seeded with ``seed + k``. The
pipeline is fitted once per fold, and its test fold is scored at four
thresholds on the same predictions:

- ``rule``: the pipeline's own, the out-of-fold threshold where it gains on
  held-out folds (``prefer_default="cv"``) with the F-beta bound; what
  ``skimb bench`` scores;
- ``0.5``: the networks' own threshold;
- ``tuned``: the best threshold of the out-of-fold sweep, always used
  (``prefer_default=None``);
- ``hindsight``: the best threshold of the test fold itself, chosen with its
  labels. No rule that chooses before seeing those labels can expect to
  reach it: it bounds what any threshold rule on these predictions gains.

Prints, for each seed, the mean over data sets of F2 and G-mean at each
threshold; then each data set's F2 over the seeds.

    python benchmarks/bench_threshold_rules.py [--seed 0 1 2] [--jobs 2]
"""

import argparse
import warnings

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedKFold

from skimb import make_imbalanced_pipeline
from skimb.datasets import list_keel, load_keel
from skimb.decision import best_of_sweep
from skimb.metrics import (
    binary_objective_curve,
    class_scores,
    count_objective,
    f2_score,
    gmean_score,
)

THRESHOLDS = ("rule", "0.5", "tuned", "hindsight")


def hindsight_threshold(y_test, score):
    """The threshold with the best F2 on the test fold itself."""
    thresholds, values = binary_objective_curve(
        y_test == 1, score, count_objective("f2")
    )
    return best_of_sweep(thresholds, values).threshold


def scores_at(y_test, flagged):
    """F2 and G-mean of the rows flagged positive."""
    predicted = flagged.astype(int)
    return {
        "f2": f2_score(y_test, predicted, pos_label=1),
        "gmean": gmean_score(y_test, predicted),
    }


def fold_scores(dataset, fold, train, test, seed):
    """F2 and G-mean of one fold's test rows at each threshold."""
    torch.set_num_threads(1)
    X, y = load_keel(dataset, as_frame=True)
    y = y.to_numpy()
    y_test = y[test]
    model = make_imbalanced_pipeline(random_state=seed + fold)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X.iloc[train], y[train])
    score = class_scores(model, X.iloc[test], classes=[0, 1])[:, 1]
    curve = model.objective_curve_
    thresholds = {
        "rule": model.threshold_,
        "0.5": 0.5,
        "tuned": best_of_sweep(curve["thresholds"], curve["scores"]).threshold,
        "hindsight": hindsight_threshold(y_test, score),
    }
    return [
        {
            "seed": seed,
            "dataset": dataset,
            "fold": fold,
            "threshold": name,
            **scores_at(y_test, score >= t),
        }
        for name, t in thresholds.items()
    ]


def fold_tasks(seeds, folds=5):
    tasks = []
    for seed in seeds:
        for dataset in list_keel():
            _, y = load_keel(dataset)
            splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
            for fold, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y)):
                tasks.append((dataset, fold, train, test, seed))
    # the largest training folds first: the last tasks to start are short
    return sorted(tasks, key=lambda task: -len(task[2]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = Parallel(n_jobs=args.jobs)(
        delayed(fold_scores)(*task) for task in fold_tasks(args.seed)
    )
    results = pd.DataFrame([row for fold in rows for row in fold])
    per_set = results.groupby(["seed", "threshold", "dataset"])[["f2", "gmean"]].mean()
    by_seed = per_set.groupby(["seed", "threshold"]).mean().unstack("threshold")
    pd.set_option("display.width", 120)
    print("Mean over the 12 data sets, each seed:")
    print(by_seed.reindex(columns=list(THRESHOLDS), level=1).round(3).to_string())
    print("\nF2 of each data set, mean over the seeds:")
    f2 = per_set["f2"].groupby(["dataset", "threshold"]).mean().unstack("threshold")
    print(f2[list(THRESHOLDS)].round(3).to_string())


if __name__ == "__main__":
    main()
