"""A 20-trial search of NetClassifier with one worker process and with two.

OptunaSearchCV over a NetClassifier's width, dropout, learning rate and weight
decay on 5,000 x 20 rows (5 % positives), 3-fold CV, 40 epochs per net, no
pruning (so both runs do the same work), run with ``n_jobs=1`` and then
``n_jobs=2``. Prints both times and their ratio.

    python benchmarks/bench_parallel_search.py [--trials 20]
"""

import argparse
import time

from sklearn.datasets import make_classification

from skimb.neural import NetClassifier
from skimb.tuning import OptunaSearchCV


def space(trial):
    width = trial.suggest_int("width", 16, 128, log=True)
    return {
        "hidden_units": (width, width),
        "dropout": trial.suggest_float("dropout", 0.0, 0.4),
        "lr": trial.suggest_float("lr", 3e-4, 1e-2, log=True),
        "weight_decay": trial.suggest_float("weight_decay", 1e-5, 1e-2, log=True),
    }


def search_seconds(X, y, n_trials, n_jobs):
    search = OptunaSearchCV(
        NetClassifier(max_epochs=40, early_stopping=False, random_state=0),
        space,
        n_trials=n_trials,
        cv=3,
        scoring="pr_auc",
        pruner=None,
        n_jobs=n_jobs,
        random_state=0,
    )
    start = time.perf_counter()
    search.fit(X, y)
    return time.perf_counter() - start, len(search.study_.trials)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    X, y = make_classification(5_000, 20, weights=[0.95], random_state=0)
    times = {}
    for n_jobs in (1, 2):
        seconds, trials = search_seconds(X, y, args.trials, n_jobs)
        times[n_jobs] = seconds
        print(f"n_jobs={n_jobs}: {trials} trials in {seconds:.1f} s")
    print(f"speed-up of n_jobs=2: {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
