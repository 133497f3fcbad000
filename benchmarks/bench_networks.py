"""make_imbalanced_pipeline with each named network, under skimb bench's protocol.

The twelve KEEL sets, the same stratified folds and seeds as ``skimb bench``;
prints per data set and in the mean the average precision, F2 and G-mean of
the tuned pipeline, and its fit time per fold, for each ``module`` (all in one
run, so the fit times compare).

    python benchmarks/bench_networks.py [--modules mlp tabm] [--seed 0] [--jobs 2]
"""

import argparse
from functools import partial

from skimb import make_imbalanced_pipeline
from skimb.bench import run_benchmark


def pipeline(seed, module):
    return make_imbalanced_pipeline(module=module, random_state=seed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", nargs="+", default=["mlp", "tabm"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    methods = {module: partial(pipeline, module=module) for module in args.modules}
    results = run_benchmark(
        None,
        methods,
        folds=args.folds,
        n_jobs=args.jobs,
        seed=args.seed,
        progress=False,
    )
    metrics = ["pr_auc", "f2", "gmean", "fit_time"]
    table = results.groupby(["dataset", "method"])[metrics].mean()
    for metric in metrics:
        wide = table[metric].unstack("method")[args.modules]
        wide.loc["MEAN"] = wide.mean()
        print(f"\n{metric} ({args.folds}-fold stratified CV, seed {args.seed})")
        print(wide.round(3).to_string())


if __name__ == "__main__":
    main()
