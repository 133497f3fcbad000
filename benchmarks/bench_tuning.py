"""A 20-trial Optuna search over imbalance_space against the default NetClassifier.

On three KEEL data sets: the search, seeded with the default configuration as its
first trial, (5-fold stratified CV, F2 at the net's own 0.5
threshold) picks the sampler, class weights, loss, batches and network; the chosen
configuration and the default NetClassifier are then both scored by F2 on a fresh
5-fold split (another shuffle), so the comparison does not reuse the folds the
search was selected on. The search's own comparison (best trial against the default
trial on the same folds, optimistic because the best is selected on them) is printed
too.

    python benchmarks/bench_tuning.py [--datasets yeast4 ecoli1 vehicle0] [--trials 20]
"""

import argparse
import time
import warnings

import torch
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline

from skimb import make_preprocessor
from skimb.datasets import load_keel
from skimb.metrics import get_scorer
from skimb.neural import NetClassifier
from skimb.tuning import OptunaSearchCV, imbalance_space


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--datasets", nargs="+", default=["yeast4", "ecoli1", "vehicle0"]
    )
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    # the space may combine balanced batches with class weights on purpose
    warnings.simplefilter("ignore", UserWarning)
    f2 = get_scorer("f2")
    wins = in_search_wins = 0
    print(
        f"{'data set':<12}{'search folds: default':>22}{'best':>7}"
        f"{'fresh folds: default':>22}{'tuned':>7}{'search s':>10}  chosen"
    )
    for name in args.datasets:
        X, y = load_keel(name, as_frame=True)
        y = y.to_numpy()
        default = Pipeline(
            [
                ("preprocess", make_preprocessor()),
                ("net", NetClassifier(random_state=0)),
            ]
        )
        start = time.perf_counter()
        space = imbalance_space(net="net", threshold=None, random_state=0)
        search = OptunaSearchCV(
            default,
            space,
            n_trials=args.trials,
            cv=5,
            scoring="f2",
            refit=False,
            random_state=0,
            initial_trials=[space.defaults],
        ).fit(X, y)
        seconds = time.perf_counter() - start
        fresh = StratifiedKFold(5, shuffle=True, random_state=123)
        tuned = clone(default).set_params(**search.best_params_)
        base = cross_val_score(default, X, y, cv=fresh, scoring=f2).mean()
        best = cross_val_score(tuned, X, y, cv=fresh, scoring=f2).mean()
        wins += best > base
        # the first trial is the default configuration (initial_trials)
        default_on_search_folds = search.study_.trials[0].value
        in_search_wins += search.best_score_ > default_on_search_folds
        chosen = {
            k: v
            for k, v in search.study_.best_params.items()
            if k in ("sampler", "class_weight", "loss", "batch_sampling")
        }
        print(
            f"{name:<12}{default_on_search_folds:>22.3f}{search.best_score_:>7.3f}"
            f"{base:>22.3f}{best:>7.3f}{seconds:>10.0f}  {chosen}"
        )
    n = len(args.datasets)
    biased = f"{in_search_wins}/{n}"
    print(f"search folds (selection-biased): best trial beats the default on {biased}")
    print(f"fresh folds: the tuned configuration beats the default on {wins}/{n}")


if __name__ == "__main__":
    main()
