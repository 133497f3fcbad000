"""The plain skorch baseline: skorch as it comes against the benchmark's fast build.

Fits the ``skorch_mlp`` baseline of ``skimb bench`` (preprocessing, skorch MLP)
on the first training fold of a few KEEL data sets, once as skorch comes
(torch's row-by-row loader, Adam's per-parameter loop, the train/eval mode set
before every batch, the validation rows in batches of 64 scored with
scikit-learn's checked accuracy, an epoch log formatted and not printed) and
once as the benchmark builds it, alternating, and prints the median process
time of each fit and the largest difference between the two models' test
probabilities (about 1e-7: the same training, rounded differently by the fused
Adam update).

    python benchmarks/bench_skorch_baseline.py [--datasets yeast4 glass5] [--repeats 3]
"""

import argparse
import time
import warnings

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold

from skimb.bench._methods import _plain_skorch, _with_preprocessing
from skimb.datasets import load_keel

BUILDS = {"as_it_comes": False, "fast": True}


def fit_seconds_and_proba(fast, X, y, train, test):
    model = _with_preprocessing(_plain_skorch(0, fast=fast))
    start = time.process_time()
    model.fit(X.iloc[train], y[train])
    seconds = time.process_time() - start
    return seconds, model.predict_proba(X.iloc[test])[:, 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", default=["page-blocks0", "yeast4", "glass5"]
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    print("seconds per fit (process time, median), each repeat alternating the builds")
    for name in args.datasets:
        X, y = load_keel(name, as_frame=True)
        y = y.to_numpy()
        train, test = next(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
        seconds = {build: [] for build in BUILDS}
        probas = {}
        for _ in range(args.repeats):
            for build, fast in BUILDS.items():
                fit_time, probas[build] = fit_seconds_and_proba(fast, X, y, train, test)
                seconds[build].append(fit_time)
        difference = np.abs(probas["as_it_comes"] - probas["fast"]).max()
        as_it_comes, fast = (np.median(seconds[build]) for build in BUILDS)
        print(
            f"  {name:14s} as it comes {as_it_comes:6.2f}  fast {fast:6.2f}"
            f"  ({fast / as_it_comes:.0%})"
            f"  max |proba difference| {difference:.1e}"
        )


if __name__ == "__main__":
    main()
