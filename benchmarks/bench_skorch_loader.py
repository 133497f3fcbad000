"""The plain skorch baseline: torch's row-by-row loader against one index a batch.

Fits the ``skorch_mlp`` baseline of ``skimb bench`` (preprocessing, skorch MLP)
on the first training fold of a few KEEL data sets, once with torch's default
DataLoader and once with the whole-batch loader it uses, alternating, and prints
the process time of each fit and the largest difference between the two models'
test probabilities (0.0: the same training).

    python benchmarks/bench_skorch_loader.py [--datasets yeast4 glass5] [--repeats 3]
"""

import argparse
import time
import warnings

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold
from torch.utils.data import DataLoader

from skimb.bench._methods import _plain_skorch, _whole_batch_loader, _with_preprocessing
from skimb.datasets import load_keel

LOADERS = {"torch": DataLoader, "whole_batch": _whole_batch_loader}


def fit_seconds_and_proba(loader, X, y, train, test):
    model = _with_preprocessing(_plain_skorch(0, iterator=loader))
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
    print("seconds per fit (process time), each repeat alternating the loaders")
    for name in args.datasets:
        X, y = load_keel(name, as_frame=True)
        y = y.to_numpy()
        train, test = next(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
        seconds = {loader: [] for loader in LOADERS}
        probas = {}
        for _ in range(args.repeats):
            for loader, make_loader in LOADERS.items():
                fit_time, probas[loader] = fit_seconds_and_proba(
                    make_loader, X, y, train, test
                )
                seconds[loader].append(fit_time)
        difference = np.abs(probas["torch"] - probas["whole_batch"]).max()
        print(
            f"  {name:14s} torch {np.median(seconds['torch']):6.2f}"
            f"  whole_batch {np.median(seconds['whole_batch']):6.2f}"
            f"  max |proba difference| {difference:.1e}"
        )


if __name__ == "__main__":
    main()
