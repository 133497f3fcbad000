"""How long the workers of ``skimb bench`` wait between tasks.

Runs the benchmark's tasks (all methods, a few KEEL data sets) in joblib's
process pool as ``skimb bench`` does, and prints, per worker, the tasks it ran,
the time it spent in them (fits, and the rest: loading, scoring) and the time
between the end of one of its tasks and the start of its next. Without psutil
installed, joblib's pool (loky) runs a full garbage collection after each task
of a second or more, which shows here as a wait of a tenth to a fifth of a second
per task; ``--no-psutil`` hides psutil from the workers to show it.

    python benchmarks/bench_worker_idle.py [--datasets glass5 yeast4] [--no-psutil]
"""

import argparse
import os
import time
from importlib.util import find_spec
from pathlib import Path

import pandas as pd
from joblib import Parallel, delayed

from skimb.bench._methods import METHODS, method_groups
from skimb.bench._run import _fold_tasks, _run_fold


def timed_fold(*task):
    start = time.time()
    rows = _run_fold(*task)
    fit = max(row["fit_time"] for row in rows)
    return {"pid": os.getpid(), "start": start, "end": time.time(), "fit": fit}


def per_worker(records):
    frame = pd.DataFrame(records).sort_values("start")
    lines = []
    for pid, runs in frame.groupby("pid"):
        in_tasks = (runs["end"] - runs["start"]).sum()
        waits = runs["start"].to_numpy()[1:] - runs["end"].to_numpy()[:-1]
        lines.append(
            f"worker {pid}: {len(runs)} tasks, {in_tasks:.1f} s in tasks "
            f"({runs['fit'].sum():.1f} s fitting), {waits.sum():.1f} s between "
            f"tasks ({1000 * waits.mean():.0f} ms per task)"
        )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", default=["glass5", "ecoli1", "yeast4", "vehicle0"]
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--no-psutil",
        action="store_true",
        help="hide psutil from the workers (as if it were not installed)",
    )
    args = parser.parse_args()
    if args.no_psutil:
        # a module named psutil that fails to import, found first by the workers
        hider = Path(__file__).parent / "_no_psutil"
        paths = [str(hider), os.environ.get("PYTHONPATH", "")]
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    tasks = _fold_tasks(args.datasets, method_groups(list(METHODS)), 5, 0)
    start = time.time()
    records = list(
        Parallel(n_jobs=args.jobs, return_as="generator_unordered")(
            delayed(timed_fold)(*task) for task in tasks
        )
    )
    psutil = "installed" if find_spec("psutil") else "not installed"
    psutil = "hidden" if args.no_psutil else psutil
    print(f"{len(tasks)} tasks in {time.time() - start:.1f} s, psutil {psutil}")
    print("\n".join(per_worker(records)))


if __name__ == "__main__":
    main()
