"""Workers started at one instant on a fresh study: crashes and trials, repeated.

For each storage (a fresh SQLite file, a fresh journal file, a fresh database
on a PostgreSQL server started here with the ``pgserver`` wheel), starts four
worker processes that wait for one instant and then each run a 5-trial
``OptunaSearchCV(..., load_if_exists=True)`` on the same study name. Prints,
per storage, the workers that exited with an error and the studies that did
not end with 20 finished trials, over ``--repeats`` repetitions.

    python benchmarks/bench_shared_study.py [--repeats 10]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import optuna
from optuna.trial import TrialState

WORKER = """
import sys, time
import optuna
from optuna.distributions import FloatDistribution
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from skimb.tuning import OptunaSearchCV

storage, start = sys.argv[1], float(sys.argv[2])
if storage.startswith("journal:"):
    storage = optuna.storages.JournalStorage(
        optuna.storages.journal.JournalFileBackend(storage[len("journal:"):]))
X, y = make_classification(200, weights=[0.8], random_state=0)
search = OptunaSearchCV(
    LogisticRegression(), {"C": FloatDistribution(1e-3, 1e2, log=True)},
    n_trials=5, cv=2, storage=storage, study_name="shared", load_if_exists=True,
    random_state=0)
time.sleep(max(0.0, start - time.time()))
search.fit(X, y)
"""


def load(storage):
    if storage.startswith("journal:"):
        backend = optuna.storages.journal.JournalFileBackend(storage[8:])
        storage = optuna.storages.JournalStorage(backend)
    return optuna.load_study(study_name="shared", storage=storage)


def one_round(storage):
    """(workers that failed, finished trials) of four workers started together."""
    start = time.time() + 6
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, storage, str(start)],
            stderr=subprocess.DEVNULL,
        )
        for _ in range(4)
    ]
    failed = sum(w.wait() != 0 for w in workers)
    try:
        finished = load(storage).get_trials(
            states=(TrialState.COMPLETE, TrialState.PRUNED)
        )
    except KeyError:
        finished = []
    return failed, len(finished)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    import pgserver

    folder = Path(tempfile.mkdtemp())
    server = pgserver.get_server(folder / "pg", cleanup_mode="stop")
    print("| storage | repetitions | workers that failed | studies short of 20 |")
    print("|---|---|---|---|")
    try:
        for kind in ("sqlite", "journal", "postgresql"):
            failed = short = 0
            for i in range(args.repeats):
                if kind == "sqlite":
                    storage = f"sqlite:///{folder / f'study{i}.db'}"
                elif kind == "journal":
                    storage = f"journal:{folder / f'study{i}.log'}"
                else:
                    server.psql(f"CREATE DATABASE bench{i};")
                    storage = server.get_uri(f"bench{i}").replace(
                        "postgresql://", "postgresql+psycopg2://"
                    )
                round_failed, finished = one_round(storage)
                failed += round_failed
                short += finished != 20
            print(f"| {kind} | {args.repeats} | {failed} | {short} |")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
