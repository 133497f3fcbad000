"""The benchmark protocol: the same stratified folds for every method."""

import os
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from joblib import Parallel, delayed
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from ..datasets import list_keel, load_keel
from ..metrics import balanced_accuracy, f2_score, gmean_score
from ._methods import METHODS, make_method

__all__ = ["QUICK", "check_out_dir", "run_benchmark"]

QUICK = {
    "datasets": ["ecoli1", "yeast4", "glass5"],
    "methods": ["skimb", "logreg_balanced", "hgb_balanced", "hgb_balanced+tuned"],
    "folds": 3,
}


def _positive_scores(model, X):
    proba = model.predict_proba(X)
    return proba[:, list(model.classes_).index(1)]


def _run_fold(dataset, method, factory, fold, train, test, seed):
    torch.set_num_threads(1)
    X, y = load_keel(dataset, as_frame=True)
    y = y.to_numpy()
    model = factory(seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X.iloc[train], y[train])
        fit_time = time.perf_counter() - start
        y_test = y[test]
        score = _positive_scores(model, X.iloc[test])
        pred = model.predict(X.iloc[test])
        untuned = (score >= 0.5).astype(int)
        return {
            "dataset": dataset,
            "method": method,
            "fold": fold,
            "pr_auc": average_precision_score(y_test, score),
            "f2": f2_score(y_test, pred, pos_label=1),
            "f2_at_0.5": f2_score(y_test, untuned, pos_label=1),
            "gmean": gmean_score(y_test, pred),
            "balanced_accuracy": balanced_accuracy(y_test, pred),
            "fit_time": fit_time,
        }


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


def run_benchmark(
    datasets=None, methods=None, *, folds=5, n_jobs=2, seed=0, progress=True
):
    """Cross-validate methods on KEEL data sets under one protocol.

    Every method sees the same stratified folds (shuffled with ``seed``).

    Parameters
    ----------
    datasets : list of str, default=None
        KEEL names; all twelve by default.
    methods : list of str or dict, default=None
        Method names (see ``skimb.bench.METHODS``), all by default; or a dict
        ``{name: factory}`` with ``factory(seed)`` returning an unfitted
        classifier, to benchmark your own models under the same protocol.
    folds : int, default=5
        Folds per data set.
    n_jobs : int, default=2
        Folds run in parallel processes.
    seed : int, default=0
        Seed of the folds and of the methods.
    progress : bool, default=True
        A progress bar over data sets x methods x folds.

    Returns
    -------
    results : DataFrame
        One row per data set, method and fold with the scores and fit time.

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
        factories = dict(methods)
    else:
        names = list(METHODS) if methods is None else list(methods)
        _check_names(names, list(METHODS), "methods")
        factories = {name: partial(make_method, name) for name in names}
    _check_names(datasets, list_keel(), "data sets")
    tasks = []
    for dataset in datasets:
        _, y = load_keel(dataset)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for fold, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y)):
            tasks += [
                (dataset, name, factory, fold, train, test, seed + fold)
                for name, factory in factories.items()
            ]
    # the slowest methods first keeps both workers busy to the end
    tasks.sort(key=lambda t: ("+tuned" not in t[1], t[1] != "skimb"))
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    jobs = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
        delayed(_run_fold)(*task) for task in tasks
    )
    rows = list(tqdm(jobs, total=len(tasks), disable=not progress, desc="bench"))
    return pd.DataFrame(rows).sort_values(
        ["dataset", "method", "fold"], ignore_index=True
    )
