"""The benchmark protocol: the same stratified folds for every method."""

import numbers
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from ..datasets import list_keel, load_keel
from ..metrics import balanced_accuracy, class_scores, f2_score, gmean_score
from ._catalog import QUICK
from ._methods import METHODS, method_groups, missing

__all__ = ["QUICK", "check_out_dir", "run_benchmark"]


def _scores(model, X_test, y_test):
    score = class_scores(model, X_test, classes=[0, 1])[:, 1]
    pred = model.predict(X_test)
    untuned = (score >= 0.5).astype(int)
    return {
        "pr_auc": average_precision_score(y_test, score),
        "f2": f2_score(y_test, pred, pos_label=1),
        "f2_at_0.5": f2_score(y_test, untuned, pos_label=1),
        "gmean": gmean_score(y_test, pred),
        "balanced_accuracy": balanced_accuracy(y_test, pred),
    }


def _run_fold(dataset, methods, factory, fold, train, test, model_seed, seed):
    """Fit one group of methods on a fold; one row of scores per method."""
    torch.set_num_threads(1)
    X, y = load_keel(dataset, as_frame=True)
    y = y.to_numpy()
    model = factory(model_seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        try:
            model.fit(X.iloc[train], y[train])
        except Exception as exc:
            # one fit of hundreds: say which, or the error names none
            raise RuntimeError(
                f"{methods[-1]} failed on {dataset} (fold {fold}, seed {seed}): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        fitted = {methods[-1]: (model, time.perf_counter() - start)}
        if len(methods) == 2:
            # a baseline and its tuned version: the baseline is the tuned
            # version's timed refit
            fitted[methods[0]] = (model.estimator_, model.estimator_.fit_time_)
        # one test frame for all: a pair's baseline computes its
        # probabilities for it once (see _TimedFit)
        X_test = X.iloc[test]
        return [
            {
                "seed": seed,
                "dataset": dataset,
                "method": method,
                "fold": fold,
                **_scores(estimator, X_test, y[test]),
                "fit_time": fit_time,
            }
            for method, (estimator, fit_time) in fitted.items()
        ]


def check_out_dir(out):
    """Create the output folder, or fail early with a clear error.

    Parameters
    ----------
    out : str or Path
        The folder.

    Returns
    -------
    out : Path
        The folder, created and writable.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".skimb-write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"Cannot write benchmark results to {out}: {exc}") from exc
    return out


def _check_names(names, known, what):
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"Unknown {what} {unknown}; known: {', '.join(known)}.")


def _fold_tasks(datasets, groups, folds, seeds):
    """The arguments of :func:`_run_fold`, one tuple per seed, data set, group and fold.

    The largest training folds come first and, among the folds of one size,
    the slowest methods (tuned pairs, then skimb): the last tasks to start are
    the shortest, so no worker is left with a long one while the others wait.
    """
    tasks = []
    for seed in seeds:
        for dataset in datasets:
            _, y = load_keel(dataset)
            splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
            splits = splitter.split(np.zeros(len(y)), y)
            for fold, (train, test) in enumerate(splits):
                tasks += [
                    (dataset, group, factory, fold, train, test, seed + fold, seed)
                    for group, factory in groups
                ]
    tasks.sort(key=lambda t: (-len(t[4]), "+tuned" not in t[1][-1], t[1][0] != "skimb"))
    return tasks


def _check_seeds(seed):
    """The seeds of a run as a list: one int, or several different ints."""
    seeds = [seed] if isinstance(seed, numbers.Integral) else list(seed)
    if not seeds:
        raise ValueError("Give at least one seed.")
    bad = [s for s in seeds if not isinstance(s, numbers.Integral) or s < 0]
    if bad:
        raise ValueError(f"Seeds must be non-negative integers; got {bad}.")
    if len(set(seeds)) < len(seeds):
        raise ValueError(f"Seeds must differ; got {seeds}.")
    return [int(s) for s in seeds]


def _installed(names):
    """The methods whose packages are installed; a message for each skipped."""
    kept = []
    for name in names:
        package = missing(name)
        if package is None:
            kept.append(name)
        else:
            print(
                f"skimb bench: {name} skipped, {package} is not installed "
                "(pip install 'skimb[bench]' installs it).",
                file=sys.stderr,
            )
    if not kept:
        raise ValueError("None of the methods asked for can run here.")
    return kept


def run_benchmark(
    datasets=None, methods=None, *, folds=5, n_jobs=2, seed=0, progress=True
):
    """Cross-validate methods on KEEL data sets under one protocol.

    Every method sees the same stratified folds (shuffled with ``seed``).
    With several seeds the whole protocol runs once per seed, each drawing
    other folds: the spread of a method's figures over seeds is the noise to
    read its differences against. The models of fold ``k`` are seeded with
    ``seed + k``, so seeds 0 and 1 share model seeds, each on other folds.

    Parameters
    ----------
    datasets : list of str, default=None
        KEEL names; all twelve by default.
    methods : list of str or dict, default=None
        Method names (see ``skimb.bench.METHODS``), all by default; or a dict
        ``{name: factory}`` with ``factory(seed)`` returning an unfitted
        classifier, to benchmark your own models under the same protocol.
        A baseline named with its ``+tuned`` version is fitted once for
        both: the tuned version's refit on the training fold is the baseline,
        and the baseline's ``fit_time`` is that refit's.
    folds : int, default=5
        Folds per data set.
    n_jobs : int, default=2
        Folds run in parallel processes.
    seed : int or list of int, default=0
        Seed of the folds and of the methods (fold ``k``'s models get
        ``seed + k``); a list runs every seed.
    progress : bool, default=True
        A progress bar over data sets x methods x folds.

    Returns
    -------
    results : DataFrame
        One row per seed, data set, method and fold with the scores and
        fit time.

    Examples
    --------
    >>> from skimb.bench import run_benchmark
    >>> results = run_benchmark(["glass5"], ["logreg_balanced"], folds=2,
    ...                         n_jobs=1, progress=False)
    >>> results.shape[0]
    2
    """
    datasets = list_keel() if datasets is None else list(datasets)
    if isinstance(methods, dict):
        groups = [((name,), factory) for name, factory in methods.items()]
    else:
        names = list(METHODS) if methods is None else list(methods)
        _check_names(names, list(METHODS), "methods")
        names = _installed(names)
        groups = method_groups(names)
    _check_names(datasets, list_keel(), "data sets")
    tasks = _fold_tasks(datasets, groups, folds, _check_seeds(seed))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    jobs = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
        delayed(_run_fold)(*task) for task in tasks
    )
    n_rows = sum(len(task[1]) for task in tasks)
    rows = []
    with tqdm(total=n_rows, disable=not progress, desc="bench") as bar:
        for fold_rows in jobs:
            rows += fold_rows
            bar.update(len(fold_rows))
    return pd.DataFrame(rows).sort_values(
        ["seed", "dataset", "method", "fold"], ignore_index=True
    )
