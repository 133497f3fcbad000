"""Study storage shared by workers: created once, races retried, trials guarded.

Workers started together on a fresh database race to create its tables and
the study; the loser's error (a table that exists already, a unique key
taken, a locked SQLite file) means that another worker got there first, so
trying again a moment later finds the work done. A worker killed mid-trial
stops sending its heartbeat: the next trial started on the study marks that
trial failed and queues it once more.
"""

import contextlib
import os
import random
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass

import optuna
from optuna.storages import (
    InMemoryStorage,
    JournalStorage,
    RDBStorage,
    RetryHeartbeatStaleTrialCallback,
)
from optuna.storages.journal import JournalFileBackend

__all__ = ["SharedStorage", "retry_races"]

_ATTEMPTS = 8
_FIRST_PAUSE = 0.05  # seconds, doubled at each attempt and jittered
# SQLite serialises writers on a file lock: wait for it rather than fail
_SQLITE_LOCK_TIMEOUT = 120


def retry_races(action, *, attempts=_ATTEMPTS):
    """``action()``, tried again after a random pause when a database error ends it.

    Parameters
    ----------
    action : callable
        Called without arguments.
    attempts : int, default=8
        Tries in all; the pauses between them add up to about 13 seconds.

    Returns
    -------
    result
        What ``action`` returned.
    """
    import sqlalchemy.exc

    for attempt in range(attempts):
        try:
            return action()
        except sqlalchemy.exc.DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(_FIRST_PAUSE * 2**attempt * random.uniform(0.5, 1.5))


@dataclass
class SharedStorage:
    """What a worker needs to open the study's storage, in any process.

    Parameters
    ----------
    storage : str, optuna storage or None
        An RDB URL, a storage object, or None (in memory; a journal file in a
        temporary folder when trials run in other processes).
    heartbeat_interval : int or None
        Seconds between a running trial's heartbeats on an RDB URL.
    grace_period : int or None
        Seconds without a heartbeat after which a trial counts as dead.
    folder : str or None
        The temporary folder of a journal file this storage made for
        processes (:meth:`for_processes`), deleted by :meth:`remove`.
    """

    storage: object
    heartbeat_interval: int | None = None
    grace_period: int | None = None
    folder: str | None = None

    def for_processes(self):
        """A storage that processes can share: a journal file for None."""
        if self.storage is None:
            folder = tempfile.mkdtemp(prefix="skimb-study-")
            return SharedStorage(
                JournalStorage(JournalFileBackend(os.path.join(folder, "study.log"))),
                folder=folder,
            )
        if isinstance(self.storage, InMemoryStorage):
            raise ValueError(
                "n_jobs runs trials in other processes, which cannot share an "
                "InMemoryStorage; pass storage=None (a temporary journal file is "
                "used), an RDB URL or a JournalStorage."
            )
        return self

    def open(self):
        """The storage object (an RDB URL opened with heartbeats and retries)."""
        if not isinstance(self.storage, str):
            return self.storage
        url = self.storage
        engine_kwargs = (
            {"connect_args": {"timeout": _SQLITE_LOCK_TIMEOUT}}
            if url.startswith("sqlite")
            else {}
        )
        beat = self.heartbeat_interval
        with warnings.catch_warnings(), _named_url_errors(url):
            # Optuna calls its heartbeat experimental
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return retry_races(
                lambda: RDBStorage(
                    url,
                    engine_kwargs=engine_kwargs,
                    heartbeat_interval=beat,
                    grace_period=self.grace_period if beat else None,
                    heartbeat_stale_trial_callback=(
                        RetryHeartbeatStaleTrialCallback(max_retry=1) if beat else None
                    ),
                )
            )

    def remove(self):
        """Delete the temporary journal folder, if this storage made one."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def _named_url_errors(url):
    """SQLAlchemy's errors for a URL it cannot open, said in terms of ``storage``.

    Only the URL's scheme is quoted: the rest may hold a password.
    """
    import sqlalchemy.exc

    scheme = url.split("://", 1)[0] if "://" in url else None
    try:
        yield
    except ImportError as exc:
        # Optuna raises its own ImportError from the driver's ModuleNotFoundError
        missing = getattr(exc.__cause__ or exc.__context__ or exc, "name", None)
        raise ImportError(
            f"The storage URL ({scheme}://...) needs the database driver "
            f"{missing!r}, which is not installed: install it, or name an "
            "installed driver in the URL, such as 'postgresql+psycopg2://...' "
            "with psycopg2-binary."
        ) from exc
    except (sqlalchemy.exc.NoSuchModuleError, sqlalchemy.exc.ArgumentError):
        raise ValueError(
            f"storage is not a database URL that SQLAlchemy knows (scheme "
            f"{scheme!r}); write it as dialect+driver://user:password@host/db, "
            "such as 'sqlite:///study.db' or 'postgresql+psycopg2://...'."
        ) from None
