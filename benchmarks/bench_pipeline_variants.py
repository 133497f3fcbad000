"""Variants of make_imbalanced_pipeline under the `skimb bench` protocol.

Each variant is a JSON dict of make_imbalanced_pipeline arguments, plus seven keys of
its own: ``"seed_offset": N`` seeds the models (and the threshold search's inner
folds) N apart from the others, on the same test folds: what another seed alone
changes, ``"blend": [variant, ...]`` averages the probabilities and thresholds of
several variants, each fitted on the same rows (binary only), ``"numeric"`` swaps in
``make_preprocessor(numeric)``, ``"prefer_default"`` sets the ThresholdOptimizer's
rule and ``"f_beta_bound"`` its F-beta bound, ``"drw_start": N`` trains unweighted
until epoch N and with effective-number weights from then on (deferred
re-weighting, Cao et al. 2019), in place of the balanced weights, and
``"under_ratio": K`` gives each net its own random cut of the other classes, to at
most K rows per row of the rarest class (an undersampled ensemble in the manner of
EasyEnsemble, Liu, Wu and Zhou 2009; the balanced weights then make up the rest).
Every variant sees the same 5-fold stratified splits of the twelve KEEL data
sets. Prints the mean AP, F2, G-mean, balanced accuracy and fit time, and on how
many data sets the tuned F2 is below the F2 of the same model at the 0.5
threshold.

    python benchmarks/bench_pipeline_variants.py \\
        '{"default": {}, "refit": {"refit": true}, "wd": {"weight_decay": 0.01}}'

An earlier default (standard scaling, early stopping on single epochs, the
bootstrap one-SE threshold rule) and each of its changes on its own:

    python benchmarks/bench_pipeline_variants.py '{"default": {},
        "standard": {"numeric": "standard"}, "window1": {"monitor_window": 1},
        "1se": {"prefer_default": "1se"}, "previous": {"numeric": "standard",
        "monitor_window": 1, "prefer_default": "1se"}}'

The pipeline's skew-aware scaling against quantile-normalising every column
(the default before it), with the rows kept for ranking:

    python benchmarks/bench_pipeline_variants.py \\
        '{"default": {}, "quantile": {"numeric": "quantile"}}' --csv variants.csv

The logit-adjusted loss without class weights against balanced weights, for
the F2 pipeline (on two shuffles of the folds) and for a G-mean objective:

    python benchmarks/bench_pipeline_variants.py '{"default": {},
        "la": {"loss": "logit_adjusted", "class_weight": null}}' [--seed 1]
    python benchmarks/bench_pipeline_variants.py '{"gmean": {"objective": "gmean"},
        "gmean_la": {"objective": "gmean", "loss": "logit_adjusted",
        "class_weight": null}}'

The LDAM loss (Cao et al., NeurIPS 2019) with the pipeline's balanced weights,
with the paper's margin and a larger one, on three shuffles of the folds:

    python benchmarks/bench_pipeline_variants.py '{"default": {},
        "ldam": {"loss": "ldam"}, "ldam1": {"loss": "ldam", "max_margin": 1.0}}' \\
        --seed 0 1 2

Ten folds (ten nets, each trained on 90 % of the rows) and a longer epoch
budget (so that early stopping, not ``max_epochs``, ends most nets), each on
three shuffles and ranked against the bench's baselines:

    python benchmarks/bench_pipeline_variants.py '{"cv10": {"cv": 10},
        "ep200": {"max_epochs": 200}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

Deferred re-weighting from epoch 10 and from epoch 20, ranked as above:

    python benchmarks/bench_pipeline_variants.py '{"drw10": {"drw_start": 10},
        "drw20": {"drw_start": 20}}' --seed 0 --rank-against bench0/results.csv

Each net on its own cut of the majority, to at most 10 or 20 rows per rare
row, on three shuffles:

    python benchmarks/bench_pipeline_variants.py '{"u10": {"under_ratio": 10},
        "u20": {"under_ratio": 20}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

The cut only where the imbalance is extreme (above 30 or 40 rows per rare row:
abalone19, poker-8_vs_6, kr-vs-k-zero_vs_eight and yeast6), and the 40 cut under
other model seeds:

    python benchmarks/bench_pipeline_variants.py '{"u30": {"under_ratio": 30},
        "u40": {"under_ratio": 40}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv
    python benchmarks/bench_pipeline_variants.py '{"u40_reseeded":
        {"under_ratio": 40, "seed_offset": 1000}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

On the sets it does not cut, ``"under_ratio"`` still changes the nets as another
seed would (the sampler draws from the net's random stream and puts the rows in
class order), so differences there are seed noise.

The same bound on the rare rows' weight without the cut: balanced weights
capped at a ratio of 39 (``most=0.975``), every row kept:

    python benchmarks/bench_pipeline_variants.py '{"w40": {"most": 0.975},
        "w40_reseeded": {"most": 0.975, "seed_offset": 1000}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

The default against itself under other model seeds, and a blend of two default
pipelines and one whose nets see a cut of the majority:

    python benchmarks/bench_pipeline_variants.py '{"default": {},
        "reseeded": {"seed_offset": 1000},
        "blend": {"blend": [{}, {}, {"under_ratio": 20}]}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

The class-weighted loss of each batch divided by the batch's own weight sum
(torch's convention, the default before ``weight_normalization="dataset"``)
against the default, on three shuffles, the default also under other model seeds:

    python benchmarks/bench_pipeline_variants.py '{"batch":
        {"weight_normalization": "batch"}, "default": {},
        "reseeded": {"seed_offset": 1000}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

With the dataset normalization, the threshold rules that move the threshold more
readily (the bootstrap one-SE rule, and always the tuned threshold):

    python benchmarks/bench_pipeline_variants.py '{"1se": {"prefer_default":
        "1se"}, "always": {"prefer_default": null}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

The ThresholdOptimizer's ``f_beta_bound``, which moves a kept 0.5 that is above
F-beta's bound 1 / (1 + beta**2) down to the plug-in threshold: ``"balanced"``
(the default; the class's share stands for the posterior at 0.5, as the nets'
balanced weights make it), against no bound and against ``"calibrated"`` (the
Platt posterior at 0.5, significantly above the bound), on three shuffles:

    python benchmarks/bench_pipeline_variants.py '{"none": {"f_beta_bound":
        false}, "calibrated": {"f_beta_bound": "calibrated"}}' --seed 0 1 2 \\
        --rank-against bench0/results.csv bench1/results.csv bench2/results.csv

The fold nets' patience: 15 epochs of the smoothed average precision without a
better one (the default) against the 20 used before, on two more shuffles of the
folds (the first shuffle, seed 0, is ``skimb bench`` itself, run before and after):

    python benchmarks/bench_pipeline_variants.py '{"default": {},
        "p20": {"patience": 20}}' --seed 1 2

``--datasets NAME ...`` runs a subset of the twelve sets (a closer look at the
sets where two variants differ); ``--csv PATH`` also writes the per-fold rows
(the columns of ``skimb bench``'s ``results.csv`` and the seed);
``--seed N [N ...]`` draws other folds (and model seeds), to see whether a
difference between variants outlives the folds it was measured on (with several
seeds, the means over them are printed too); ``--rank-against RESULTS_CSV
[...]`` (the ``results.csv`` of a ``skimb bench --seed N`` run, one per seed)
prints each variant's means and mean ranks with it in skimb's place among the
bench's baselines (on the data sets the variants ran on), which is how the
benchmark's rank bars would read with it:

    skimb bench --out bench0 && skimb bench --seed 1 --out bench1
    python benchmarks/bench_pipeline_variants.py '{"ldam": {"loss": "ldam"}}' \\
        --seed 0 1 --rank-against bench0/results.csv bench1/results.csv
"""

import argparse
import json
from functools import partial

import numpy as np
import pandas as pd
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from skimb import make_imbalanced_pipeline, make_preprocessor
from skimb.bench import run_benchmark, summary, tuning_losses
from skimb.datasets import list_keel
from skimb.neural import DeferredReweighting


def capped_majority(y, ratio):
    """Each class cut to at most ``ratio`` times the rarest class's count."""
    labels, counts = np.unique(y, return_counts=True)
    ceiling = int(ratio * counts.min())
    return {label: ceiling for label, count in zip(labels, counts) if count > ceiling}


class Blend(ClassifierMixin, BaseEstimator):
    """The average of several fitted models' probabilities and thresholds."""

    def __init__(self, models):
        self.models = models

    def fit(self, X, y):
        self.models_ = [clone(model).fit(X, y) for model in self.models]
        self.classes_ = self.models_[0].classes_
        self.threshold_ = np.mean([model.threshold_ for model in self.models_])
        return self

    def predict_proba(self, X):
        return np.mean([model.predict_proba(X) for model in self.models_], axis=0)

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] >= self.threshold_) * 1]


def build(kwargs, seed):
    kwargs = dict(kwargs)
    seed += kwargs.pop("seed_offset", 0)
    members = kwargs.pop("blend", None)
    if members is not None:
        # member j is seeded apart from the others, so that equal ones differ
        return Blend([build(m, seed + 1000 * j) for j, m in enumerate(members)])
    numeric = kwargs.pop("numeric", None)
    rule = kwargs.pop("prefer_default", "unchanged")
    f_beta_bound = kwargs.pop("f_beta_bound", None)
    drw_start = kwargs.pop("drw_start", None)
    if drw_start is not None:
        # weights only from drw_start on, in place of the net's own
        kwargs["class_weight"] = None
        kwargs["callbacks"] = [DeferredReweighting(start_epoch=drw_start)]
    under_ratio = kwargs.pop("under_ratio", None)
    if under_ratio is not None:
        # each fold net sees its own random cut of the majority classes
        kwargs["sampler"] = RandomUnderSampler(
            sampling_strategy=partial(capped_majority, ratio=under_ratio)
        )
    model = make_imbalanced_pipeline(random_state=seed, **kwargs)
    if numeric is not None:
        model.set_params(estimator__preprocess=make_preprocessor(numeric))
    if rule != "unchanged":
        model.set_params(prefer_default=rule)
    if f_beta_bound is not None:
        model.set_params(f_beta_bound=f_beta_bound)
    return model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="?", default='{"default": {}}')
    parser.add_argument("--csv", help="write the per-fold rows to this file")
    parser.add_argument(
        "--datasets",
        nargs="+",
        help="a subset of the twelve data sets (default: all of them)",
    )
    parser.add_argument(
        "--rank-against",
        nargs="+",
        metavar="RESULTS_CSV",
        help="skimb bench results.csv files, one per --seed and in the same "
        "order: rank each variant against their baselines in skimb's place",
    )
    parser.add_argument(
        "--seed",
        type=int,
        nargs="+",
        default=[0],
        help="seeds of the folds and the models (skimb bench uses 0); with "
        "several, the means over them are printed too",
    )
    args = parser.parse_args(argv)
    variants = json.loads(args.variants)
    names = list(variants)
    benches = load_benches(args.rank_against, args.seed, args.datasets)
    methods = {name: partial(build, kwargs) for name, kwargs in variants.items()}
    all_results, scores, ranks = [], [], []
    for seed, bench in zip(args.seed, benches):
        results = run_benchmark(
            args.datasets, methods, folds=5, n_jobs=2, seed=seed, progress=False
        )
        print(f"== seed {seed}")
        scores.append(print_scores(results, names).assign(seed=seed))
        print_against_first(results, names)
        if bench is not None:
            ranks.append(print_ranks_against(bench, results, names).assign(seed=seed))
        all_results.append(results.assign(seed=seed))
    if args.csv:
        pd.concat(all_results, ignore_index=True).to_csv(args.csv, index=False)
    if len(args.seed) > 1:
        print(f"== mean over seeds {args.seed}")
        print(mean_over_seeds(scores).to_string())
        if ranks:
            print(mean_over_seeds(ranks).to_string())


def load_benches(paths, seeds, datasets):
    """The bench results to rank against, one per seed (None each without)."""
    if not paths:
        return [None] * len(seeds)
    if len(paths) != len(seeds):
        raise ValueError(
            f"--rank-against needs one results.csv per seed: {len(paths)} "
            f"file(s) for the seeds {seeds}."
        )
    benches = [pd.read_csv(path) for path in paths]
    for bench in benches:
        check_bench_covers(bench, datasets or list_keel())
    return benches


def print_scores(results, names):
    """Mean scores and tuned-F2 losses per variant; returns them as a table."""
    columns = ["pr_auc", "f2", "gmean", "balanced_accuracy", "fit_time"]
    table = summary(results)[columns].loc[names]
    table["losses"] = [len(tuning_losses(results, method=n)) for n in names]
    print(table.round(3).to_string())
    n_sets = results["dataset"].nunique()
    for name in names:
        losses = table.loc[name, "losses"]
        print(f"{name}: tuned F2 below the 0.5-threshold F2 on {losses}/{n_sets}")
    return table


def mean_over_seeds(tables):
    """Each variant's mean over the seeds of a per-seed table."""
    stacked = pd.concat([t.rename_axis("variant") for t in tables])
    return stacked.drop(columns="seed").groupby("variant", sort=False).mean().round(3)


def print_against_first(results, names):
    """Per data set F2, and on how many sets each variant beats the first one."""
    f2 = results.pivot_table(index="dataset", columns="method", values="f2")[names]
    print(f2.round(3).to_string())
    first = names[0]
    for name in names[1:]:
        higher = int((f2[name] > f2[first]).sum())
        lower = int((f2[name] < f2[first]).sum())
        print(f"{name}: F2 above {first} on {higher}, below on {lower} of {len(f2)}")


def print_ranks_against(bench, results, names):
    """Each variant in skimb's place among a bench's baselines: means and ranks.

    Returns the table printed, one row per variant.
    """
    baselines = bench[
        (bench["method"] != "skimb") & bench["dataset"].isin(results["dataset"])
    ]
    columns = ["pr_auc", "rank_pr_auc", "f2", "rank_f2", "gmean", "rank_gmean"]
    rows = {}
    for name in names:
        variant = results[results["method"] == name].assign(method="skimb")
        table = summary(pd.concat([baselines, variant], ignore_index=True))[columns]
        others = table.drop(index="skimb")
        rows[name] = {
            **table.loc["skimb"].to_dict(),
            **{f"best_baseline_{c}": best(others, c) for c in columns},
        }
        print(
            f"{name} in skimb's place: "
            + ", ".join(
                f"{metric} {rows[name][metric]:.3f}"
                f" (best baseline {rows[name][f'best_baseline_{metric}']:.3f})"
                for metric in columns
            )
        )
    return pd.DataFrame.from_dict(rows, orient="index")


def check_bench_covers(bench, datasets):
    """Fail before any fit if the bench results lack one of the data sets.

    Unknown names are left to ``run_benchmark``, whose error lists the known ones.
    """
    known = set(datasets) & set(list_keel())
    missing = sorted(known - set(bench["dataset"]))
    if missing:
        raise ValueError(
            f"The bench results have no rows for {missing}; they cover "
            f"{sorted(set(bench['dataset']))}."
        )


def best(table, column):
    """The best baseline's value: the lowest mean rank, the highest mean score."""
    return table[column].min() if column.startswith("rank_") else table[column].max()


if __name__ == "__main__":
    main()
