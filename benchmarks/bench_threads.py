"""NetClassifier's fit on a quiet machine and beside busy processes.

Fits a default NetClassifier (5 epochs, no early stopping) on 5,000 x 20 rows,
first with the machine quiet, then while ``--busy`` other processes (default:
one per core) each spin one core. It does so with skimb's default thread
count (``n_threads=1``) and with torch's own (``n_threads=None``: one thread
per core), and prints each fit time and the ratio busy / quiet.

    python benchmarks/bench_threads.py [--busy N] [--repeats 3]
"""

import argparse
import multiprocessing
import os
import time

import numpy as np
import torch
from sklearn.datasets import make_classification

from skimb.neural import NetClassifier


def spin():
    while True:
        pass


def fit_seconds(X, y, n_threads, repeats):
    """The median seconds of ``repeats`` fits."""
    times = []
    for _ in range(repeats):
        net = NetClassifier(
            max_epochs=5, early_stopping=False, n_threads=n_threads, random_state=0
        )
        start = time.perf_counter()
        net.fit(X, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=os.cpu_count())
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    X, y = make_classification(5_000, 20, weights=[0.95], random_state=0)
    settings = {"n_threads=1 (default)": 1, "n_threads=None (torch's)": None}
    print(f"{os.cpu_count()} cores, torch's own thread count {torch.get_num_threads()}")
    quiet = {name: fit_seconds(X, y, n, args.repeats) for name, n in settings.items()}
    spinners = [multiprocessing.Process(target=spin) for _ in range(args.busy)]
    for process in spinners:
        process.start()
    try:
        busy = {
            name: fit_seconds(X, y, n, args.repeats) for name, n in settings.items()
        }
    finally:
        for process in spinners:
            process.terminate()
    print(f"\n| threads | quiet (s) | beside {args.busy} busy processes (s) | ratio |")
    print("|---|---|---|---|")
    for name in settings:
        ratio = busy[name] / quiet[name]
        print(f"| {name} | {quiet[name]:.2f} | {busy[name]:.2f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
