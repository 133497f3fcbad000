"""make_imbalanced_pipeline with each named network, under skimb bench's protocol.

The twelve KEEL sets, the same stratified folds and seeds as ``skimb bench``.
The networks:

- ``mlp``: the pipeline's MLP (batch normalisation, no dropout);
- ``plain_mlp``: the MLP without batch normalisation, with dropout 0.1;
- ``tabm``: TabMNet, ``k`` MLPs in one network.

Prints, for each seed, the mean over data sets of the tuned pipeline's average
precision, F2 and G-mean, its fit time per fold, and the number of data sets
where its tuned F2 is below its F2 at the 0.5 threshold; then each data set's
means over the seeds. All networks run in one run, so the fit times compare.

    python benchmarks/bench_networks.py [--networks mlp plain_mlp tabm]
        [--seed 0 1 2] [--jobs 2]
"""

import argparse
from functools import partial

from skimb import make_imbalanced_pipeline
from skimb.bench import run_benchmark, seed_summaries, tuning_losses

#: each network's NetClassifier parameters in the pipeline
NETWORKS = {
    "mlp": {},
    "plain_mlp": {"batch_norm": False, "dropout": 0.1},
    "tabm": {"module": "tabm"},
}
METRICS = ["pr_auc", "f2", "gmean", "fit_time"]


def pipeline(seed, **net_params):
    return make_imbalanced_pipeline(random_state=seed, **net_params)


def seed_means(results, networks):
    """One row per network and seed: the means over data sets, and tuning losses."""
    table = seed_summaries(results)[METRICS].swaplevel().loc[networks]
    table.index.names = ["network", "seed"]
    table["tuning_losses"] = [
        len(tuning_losses(results[results["seed"] == seed], method=network))
        for network, seed in table.index
    ]
    return table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--networks", nargs="+", choices=list(NETWORKS), default=list(NETWORKS)
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, nargs="+", default=[0])
    args = parser.parse_args(argv)
    methods = {name: partial(pipeline, **NETWORKS[name]) for name in args.networks}
    results = run_benchmark(
        None,
        methods,
        folds=args.folds,
        n_jobs=args.jobs,
        seed=args.seed,
        progress=False,
    )
    print(f"Means over the data sets ({args.folds}-fold stratified CV)")
    print(seed_means(results, args.networks).round(3).to_string())
    table = results.groupby(["dataset", "method"])[METRICS].mean()
    for metric in METRICS:
        wide = table[metric].unstack("method")[args.networks]
        wide.loc["MEAN"] = wide.mean()
        print(f"\n{metric}, mean over seeds {args.seed}")
        print(wide.round(3).to_string())


if __name__ == "__main__":
    main()
