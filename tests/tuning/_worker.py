"""A search worker run as its own process by the tests: it waits for a given
instant, then runs its trials on the shared study.

    python _worker.py STORAGE STUDY N_TRIALS START TOTAL_TRIALS TRIAL_SECONDS

STORAGE is an RDB URL or ``journal:PATH``; TOTAL_TRIALS is an int or "none";
each trial sleeps TRIAL_SECONDS first, so that a test can kill its worker in
the middle of one.
"""

import sys
import time

import optuna
from optuna.distributions import FloatDistribution
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from skimb.tuning import OptunaSearchCV


def _storage(spec):
    if spec.startswith("journal:"):
        backend = optuna.storages.journal.JournalFileBackend(spec[len("journal:") :])
        return optuna.storages.JournalStorage(backend)
    return spec


class _SlowSpace:
    def __init__(self, seconds):
        self.seconds = seconds

    def __call__(self, trial):
        time.sleep(self.seconds)
        return {"C": trial.suggest_float("C", 1e-3, 1e2, log=True)}


if __name__ == "__main__":
    storage, study_name, n_trials, start, total, seconds = sys.argv[1:7]
    X, y = make_classification(200, weights=[0.8], random_state=0)
    space = (
        {"C": FloatDistribution(1e-3, 1e2, log=True)}
        if float(seconds) == 0
        else _SlowSpace(float(seconds))
    )
    search = OptunaSearchCV(
        LogisticRegression(),
        space,
        n_trials=int(n_trials),
        total_trials=None if total == "none" else int(total),
        cv=2,
        storage=_storage(storage),
        study_name=study_name,
        load_if_exists=True,
        heartbeat_interval=1,
        grace_period=2,
        random_state=0,
    )
    time.sleep(max(0.0, float(start) - time.time()))
    search.fit(X, y)
