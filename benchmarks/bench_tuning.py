"""A 20-trial Optuna search over imbalance_space against the default NetClassifier.

On every bundled KEEL data set (5-fold stratified CV, F2): the search tunes skimb's
pipeline (``make_imbalanced_pipeline``: preprocessing, NetClassifier, F2
threshold) over ``imbalance_space`` (sampler, class weights, loss, batches,
network, weight decay, threshold objective, numeric scaling), seeded with the
pipeline's defaults as its first trial, which the search keeps unless the best
trial beats it by more than one standard error (``prefer_initial="1se"``). The
threshold objective is F2, the metric the search is scored on: choosing the
threshold for another metric cannot raise F2 except by fold noise. The chosen
configuration and the default NetClassifier (its own 0.5 threshold, after
``make_preprocessor()``'s standard scaling) are then both scored by F2 on fresh
folds (5-fold, repeated twice, other shuffles), so that the comparison does not
reuse the folds the search was selected on. The untuned pipeline's fresh-fold F2
and the search's own (selection-biased) comparison are printed too, and the
tuned-minus-default difference on the same ten fresh folds with its standard
error, to read a win against its noise.

    python benchmarks/bench_tuning.py [--datasets yeast4 ecoli1 vehicle0] [--trials 20]
        [--no-pruning] [--baselines] [--repeats 1]

All twelve data sets are the default (about an hour on 2 cores), so that no
hand-picked subset decides the verdict; ``--datasets`` runs a few.

``--repeats N`` scores each trial of the search on N repeats of the 5-fold split
(other shuffles): the trials' means carry less fold noise, so the best of them is
less often a lucky draw, at N times the search's cost.

``--baselines`` also prints, per data set, the fresh-fold F2 of ``skimb bench``'s
tuned-threshold baselines on the same ten folds: how far any of them gets above
the default NetClassifier shows how much room a search has there at all.
"""

import argparse
import os
import time
import warnings

import numpy as np
import torch
from sklearn.base import clone
from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline

from skimb import make_imbalanced_pipeline, make_preprocessor
from skimb.bench import make_method
from skimb.datasets import list_keel, load_keel
from skimb.metrics import get_scorer
from skimb.neural import NetClassifier
from skimb.tuning import OptunaSearchCV, imbalance_space


def fresh_f2(model, X, y):
    """F2 on each of the ten fresh folds (the same folds for every model)."""
    fresh = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=123)
    return cross_val_score(model, X, y, cv=fresh, scoring=get_scorer("f2"))


BASELINES = (
    "logreg+tuned",
    "logreg_balanced+tuned",
    "balanced_rf+tuned",
    "hgb_balanced+tuned",
    "skorch_mlp+tuned",
)


def print_baselines(name, X, y, net_score):
    """Each baseline's fresh-fold F2 and its lead over the default NetClassifier."""
    for method in BASELINES:
        score = fresh_f2(make_method(method, 0), X, y).mean()
        print(f"  {name} {method:<24}{score:.3f}  ({score - net_score:+.3f} vs net)")


def paired_difference(a, b):
    """Mean of a - b over the same folds, and its standard error."""
    diff = np.asarray(a) - np.asarray(b)
    return diff.mean(), diff.std(ddof=1) / np.sqrt(len(diff))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--datasets", nargs="+", default=list_keel())
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument(
        "--repeats", type=int, default=1, help="repeats of the search's 5-fold split"
    )
    parser.add_argument(
        "--no-pruning", action="store_true", help="evaluate every trial on all folds"
    )
    parser.add_argument(
        "--baselines",
        action="store_true",
        help="also score the bench's tuned baselines on the fresh folds",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    # the space may combine balanced batches with class weights on purpose;
    # the environment variable silences the worker processes too
    warnings.simplefilter("ignore", UserWarning)
    os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"
    wins = clear_wins = clear_losses = in_search_wins = 0
    print(
        f"{'data set':<22}{'search folds: default':>22}{'best':>7}"
        f"{'fresh folds: net':>18}{'pipeline':>10}{'tuned':>7}"
        f"{'tuned-net (SE)':>17}{'search s':>10}"
        "  chosen"
    )
    for name in args.datasets:
        X, y = load_keel(name, as_frame=True)
        y = y.to_numpy()
        default_net = Pipeline(
            [
                ("preprocess", make_preprocessor()),
                ("net", NetClassifier(random_state=0)),
            ]
        )
        # the fold networks of each trial train in two processes
        pipeline = make_imbalanced_pipeline(random_state=0).set_params(n_jobs=2)
        space = imbalance_space(
            net="estimator__net",
            preprocess="estimator__preprocess",
            random_state=0,
            base=pipeline.get_params()["estimator__net"],
            objectives=("f2",),
        )
        start = time.perf_counter()
        search = OptunaSearchCV(
            pipeline,
            space,
            n_trials=args.trials,
            cv=RepeatedStratifiedKFold(
                n_splits=5, n_repeats=args.repeats, random_state=0
            ),
            scoring="f2",
            refit=False,
            random_state=0,
            pruner=None if args.no_pruning else "median",
            initial_trials=[space.defaults],
        ).fit(X, y)
        seconds = time.perf_counter() - start
        tuned = clone(pipeline).set_params(**search.best_params_)
        base_folds = fresh_f2(default_net, X, y)
        best_folds = fresh_f2(tuned, X, y)
        base, untuned, best = (
            base_folds.mean(),
            fresh_f2(pipeline, X, y).mean(),
            best_folds.mean(),
        )
        wins += best > base
        gain, gain_se = paired_difference(best_folds, base_folds)
        clear_wins += gain > gain_se
        clear_losses += gain < -gain_se
        # the first trial is the default configuration (initial_trials)
        default_on_search_folds = search.study_.trials[0].value
        in_search_wins += search.best_score_ > default_on_search_folds
        states = [t.state.name for t in search.study_.trials]
        margin = f"gain {search.improvement_:.3f}, SE {search.improvement_se_:.3f}: "
        if search.best_trial_.number == 0:
            chosen = margin + "kept the default"
        else:
            chosen = margin + str(
                {
                    k: v
                    for k, v in search.best_trial_.params.items()
                    if k
                    in (
                        "sampler",
                        "class_weight",
                        "loss",
                        "weight_decay",
                        "lr",
                        "numeric",
                    )
                }
            )
        print(
            f"{name:<22}{default_on_search_folds:>22.3f}{search.best_score_:>7.3f}"
            f"{base:>18.3f}{untuned:>10.3f}{best:>7.3f}"
            f"{f'{gain:+.3f} ({gain_se:.3f})':>17}{seconds:>10.0f}"
            f"  pruned {states.count('PRUNED')}, failed {states.count('FAIL')}"
            f" of {len(states)}  {chosen}",
            flush=True,
        )
        if args.baselines:
            print_baselines(name, X, y, base)
    n = len(args.datasets)
    biased = f"{in_search_wins}/{n}"
    print(f"search folds (selection-biased): chosen beats the default on {biased}")
    print(
        f"fresh folds: the tuned pipeline beats the default NetClassifier on {wins}/{n}"
        f" ({clear_wins} by more than one SE; {clear_losses} lose by more than one SE)"
    )


if __name__ == "__main__":
    main()
