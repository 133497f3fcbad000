"""Workers sharing one study from separate processes, on real storages."""

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import optuna
import pytest
from optuna.trial import TrialState

WORKER = Path(__file__).with_name("_worker.py")
FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)


def _start(storage, n_trials, *, start, total="none", seconds=0.0):
    return subprocess.Popen(
        [
            sys.executable,
            str(WORKER),
            storage,
            "shared",
            str(n_trials),
            str(start),
            str(total),
            str(seconds),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )


def _load(storage):
    if storage.startswith("journal:"):
        backend = optuna.storages.journal.JournalFileBackend(storage[8:])
        storage = optuna.storages.JournalStorage(backend)
    return optuna.load_study(study_name="shared", storage=storage)


def _storages(tmp_path, request):
    return {
        "sqlite": f"sqlite:///{tmp_path / 'study.db'}",
        "journal": f"journal:{tmp_path / 'study.log'}",
        "postgresql": request.getfixturevalue("postgres_url"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "journal", "postgresql"])
@pytest.mark.parametrize("repetition", range(2))
def test_workers_started_together_on_a_fresh_study(tmp_path, request, kind, repetition):
    """Four workers started at one instant on a fresh storage all run their
    trials: the study and its tables are created once, races retried."""
    storage = _storages(tmp_path, request)[kind]
    start = time.time() + 6  # every worker has imported everything by then
    workers = [_start(storage, 5, start=start) for _ in range(4)]
    errors = [w.communicate(timeout=300)[1] for w in workers]
    assert [w.returncode for w in workers] == [0] * 4, errors
    study = _load(storage)
    assert len(study.get_trials(states=FINISHED)) == 20
    assert len(study.trials) == 20


def _beating_trials(database):
    """The RUNNING trials of an SQLite study that have sent a heartbeat.

    Optuna starts a trial's heartbeat only after the trial is RUNNING, and it
    never fails a trial that has none: a worker killed in between leaves it
    RUNNING, so the kill must wait for the heartbeat.
    """
    if not database.exists():
        return []
    query = (
        "SELECT trials.trial_id FROM trials JOIN trial_heartbeats"
        " ON trials.trial_id = trial_heartbeats.trial_id"
        " WHERE trials.state = 'RUNNING'"
    )
    try:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            return connection.execute(query).fetchall()
    except sqlite3.OperationalError:  # the tables are not there yet
        return []


@pytest.mark.slow
def test_a_killed_workers_trial_is_failed_and_run_again(tmp_path):
    """A worker killed mid-trial leaves no trial RUNNING once another worker
    runs after the grace period, and the study still reaches its total."""
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    doomed = _start(storage, 6, start=0, total=6, seconds=1.5)
    # wait until it is inside a trial, then kill it without warning
    deadline = time.time() + 120
    while time.time() < deadline and not _beating_trials(tmp_path / "study.db"):
        time.sleep(0.2)
    assert _beating_trials(tmp_path / "study.db"), "the worker never ran a trial"
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    time.sleep(3)  # past the grace period: the dead trial's heartbeat is stale
    survivor = _start(storage, 10, start=0, total=6)
    assert survivor.wait(timeout=300) == 0, survivor.stderr.read()
    study = _load(storage)
    states = [t.state for t in study.trials]
    assert TrialState.RUNNING not in states
    assert states.count(TrialState.FAIL) == 1
    assert len(study.get_trials(states=FINISHED)) == 6
    failed = next(t for t in study.trials if t.state == TrialState.FAIL)
    retried = [
        t for t in study.trials if t.system_attrs.get("failed_trial") == failed.number
    ]
    assert len(retried) == 1 and retried[0].state in FINISHED


@pytest.mark.slow
def test_trials_run_on_a_dask_cluster(binary_data):
    """Under joblib's dask backend the trials run on the cluster's worker
    processes and all of them finish."""
    distributed = pytest.importorskip("distributed")
    from joblib import parallel_backend
    from sklearn.linear_model import LogisticRegression

    from skimb.tuning import OptunaSearchCV

    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        {"C": optuna.distributions.FloatDistribution(1e-3, 1e2, log=True)},
        n_trials=6,
        n_jobs=2,
        cv=2,
        random_state=0,
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
        parallel_backend("dask"),
    ):
        workers = set(client.scheduler_info()["workers"])
        search.fit(X, y)
    ran_on = {task["worker"] for task in stream.data}
    assert len(stream.data) >= 2
    assert ran_on and ran_on <= workers
    assert len(search.study_.get_trials(states=FINISHED)) == 6


def _recipe_blocks():
    """The two code blocks of the user guide's several-machines recipe."""
    text = (Path(__file__).parents[2] / "docs/user_guide/tuning.rst").read_text()
    section = text[text.index("Several machines on one study") :]
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|\n)+)", section)
    return [textwrap.dedent(block) for block in blocks[:2]]


@pytest.mark.slow
def test_the_guides_several_machines_recipe(postgres_url, tmp_path):
    """Two workers run the guide's tune.py against one PostgreSQL database, then
    its refit.py refits the best configuration from the stored study."""
    tune, refit = _recipe_blocks()
    tune = tune.replace(
        '"postgresql+psycopg2://user:password@db-host/optuna"', repr(postgres_url)
    ).replace("total_trials=100", "total_trials=3")
    script = tmp_path / "tune.py"
    script.write_text(tune)
    workers = [
        subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    assert [w.wait(timeout=600) for w in workers] == [0, 0], [
        w.stderr.read() for w in workers
    ]
    namespace = {}
    setup = tune[: tune.index("search = OptunaSearchCV")]
    exec(compile(setup + refit, "refit.py", "exec"), namespace)
    search = namespace["search"]
    finished = search.study_.get_trials(states=FINISHED)
    assert 3 <= len(finished) <= 4  # two workers may each start the last one
    assert search.best_estimator_.predict(namespace["X"]).shape == (
        len(namespace["y"]),
    )
