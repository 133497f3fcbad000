"""The methods of the benchmark: skimb's pipeline and the baselines users pick."""

import time
from functools import partial

import numpy as np
import torch
from imblearn.ensemble import BalancedRandomForestClassifier
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.pipeline import Pipeline
from skorch import NeuralNetClassifier
from skorch.dataset import Dataset
from torch.utils.data import (
    BatchSampler,
    RandomSampler,
    SequentialSampler,
    default_convert,
)

from .._pipeline import make_imbalanced_pipeline, make_preprocessor
from ..neural import MLP
from ..neural._lean import LeanStepMixin
from ..neural._mode import ModeOnChangeMixin

__all__ = ["BASE_METHODS", "METHODS", "make_method"]


class _Float32MLP(torch.nn.Module):
    """skimb's MLP behind a float32 cast, for plain skorch (which does not cast).

    ``n_features`` is set by skorch's ``module__n_features`` at fit time by the
    wrapper below.
    """

    def __init__(self, n_features=1, hidden_units=(64, 64)):
        super().__init__()
        self.mlp = MLP(n_features, 2, hidden_units=hidden_units)

    def forward(self, X):
        return self.mlp(X.float())


class _SizedSkorchMLP(NeuralNetClassifier):
    """skorch's NeuralNetClassifier, its input layer sized from the data.

    Sizing the input layer is the only addition, which a user would do by
    hand. Parameters as skorch's ``NeuralNetClassifier``.
    """

    def fit(self, X, y, **fit_params):
        self.set_params(module__n_features=X.shape[1])
        return super().fit(X.astype("float32"), y, **fit_params)


class _PlainSkorchMLP(LeanStepMixin, ModeOnChangeMixin, _SizedSkorchMLP):
    """The plain skorch baseline as benchmarked: skorch's net, trained faster.

    It sets the train/eval mode only when the mode changes, keeps skorch's
    per-batch bookkeeping to what does something (:class:`LeanStepMixin`:
    callbacks' empty hooks skipped, Adam stepped without a closure), and
    skips each epoch's validation pass. skorch holds out a fifth of the rows
    (its default ``train_split``) and records their loss and accuracy after
    every epoch; with ``verbose=0`` and no early stopping nobody reads them,
    and they do not steer the training. The pass's one random draw, the
    loader's seed for its workers, is still drawn, so the net trains on the
    same four fifths with the same random numbers. With the loader and
    callback settings of :func:`_plain_skorch` it trains the net that
    :class:`_SizedSkorchMLP` with skorch's defaults trains, up to the
    rounding of fused Adam; predictions keep skorch's batch size.
    """

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        if prefix == "valid" and iterator is not None:
            _draw_loader_seed()
            return
        return super().run_single_epoch(
            iterator, training, prefix, step_fn, **fit_params
        )


class _RowBatchDataset(Dataset):
    """skorch's Dataset, which also takes a whole batch of rows at once.

    Given an integer array of row indices it slices the arrays ``X`` and
    ``y`` in one step. skorch's own indexing turns such an array into a list
    and checks the list element by element. Other data (frames, sparse
    matrices) keep skorch's indexing.
    """

    def __getitem__(self, i):
        if not (isinstance(i, np.ndarray) and isinstance(self.X, np.ndarray)):
            return super().__getitem__(i)
        return self.transform(self.X[i], None if self.y is None else self.y[i])


def _draw_loader_seed():
    """Draw the one random number by which a DataLoader seeds its workers.

    torch's DataLoader draws it from the global generator at the start of
    every pass, whether or not it has worker processes.
    """
    torch.empty((), dtype=torch.int64).random_()


class _WholeBatchLoader:
    """torch's DataLoader as skorch uses it here, each batch taken with one index.

    torch's default loader fetches a batch row by row and stacks the rows:
    a few Python calls per row, which made up much of the plain skorch
    baseline's fit time; its iterator also wraps every batch in a profiler
    range and a fetcher. This loader draws the same batches in the same
    order from the same samplers, takes each from the Dataset with one index
    array (the Dataset must take one: :class:`_RowBatchDataset`), and turns
    it into tensors as the DataLoader does (``default_convert``). Every pass
    also draws the one random number by which a DataLoader seeds its worker
    processes, so the global generator, and with it the training, is the same
    as with torch's loader.

    Parameters
    ----------
    dataset : Dataset
        The rows.
    batch_size : int
        Rows per batch; the last batch may be smaller.
    shuffle : bool, default=False
        A new row order every pass, drawn by torch's ``RandomSampler``.
    """

    def __init__(self, dataset, batch_size, shuffle=False):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle

    def __len__(self):
        return -(-len(self.dataset) // self.batch_size)

    def __iter__(self):
        _draw_loader_seed()
        sampler = RandomSampler if self.shuffle else SequentialSampler
        batches = BatchSampler(sampler(self.dataset), self.batch_size, drop_last=False)
        for rows in batches:
            yield default_convert(self.dataset[np.asarray(rows)])


def _plain_skorch(seed, fast=True):
    """The plain skorch baseline: unweighted cross-entropy, Adam, 50 epochs.

    With ``fast`` (how the benchmark runs it), changes that leave the
    algorithm as it is train the net in less time (by how much:
    ``benchmarks/bench_skorch_baseline.py``): each batch is loaded with one
    index (:class:`_WholeBatchLoader`), Adam is torch's fused
    implementation, the train/eval mode is set only when it changes, the
    per-batch bookkeeping skips what changes nothing, the validation pass
    whose scores nobody reads is skipped (:class:`_PlainSkorchMLP`), and the
    epoch log that ``verbose=0`` never prints is not formatted. Fused Adam
    is the one change that is not bit for bit: the same update in one
    kernel, rounded differently, as skimb's NetClassifier trains by default;
    the nets' probabilities differ in the seventh decimal. ``fast=False`` is
    skorch as it comes, for checking these claims.
    """
    torch.manual_seed(seed)
    hyperparameters = {
        "criterion": torch.nn.CrossEntropyLoss,
        "optimizer": torch.optim.Adam,
        "lr": 1e-3,
        "max_epochs": 50,
        "batch_size": 64,
        "verbose": 0,
    }
    if not fast:
        return _SizedSkorchMLP(_Float32MLP, **hyperparameters)
    return _PlainSkorchMLP(
        _Float32MLP,
        **hyperparameters,
        # Adam's update in one kernel, as NetClassifier's default: the
        # per-tensor steps weigh on a net this small
        optimizer__fused=True,
        dataset=_RowBatchDataset,
        iterator_train=_WholeBatchLoader,
        iterator_valid=_WholeBatchLoader,
        # the validation pass is skipped (see _PlainSkorchMLP): nothing to score
        callbacks__valid_acc=None,
        callbacks__valid_loss=None,
        # skorch formats each epoch's log line even when verbose=0 hides it
        callbacks__print_log=None,
    )


def _with_preprocessing(model, pipeline_class=Pipeline):
    return pipeline_class([("preprocess", make_preprocessor()), ("model", model)])


BASE_METHODS = {
    "skimb": lambda seed: make_imbalanced_pipeline(random_state=seed),
    "logreg": lambda seed: _with_preprocessing(LogisticRegression(max_iter=2000)),
    "logreg_balanced": lambda seed: _with_preprocessing(
        LogisticRegression(max_iter=2000, class_weight="balanced")
    ),
    "smote_logreg": lambda seed: ImbPipeline(
        [
            ("preprocess", make_preprocessor()),
            # k=3: glass5 leaves 5 positives in an inner tuning fold, too few
            # for SMOTE's default of 5 neighbours
            ("smote", SMOTE(k_neighbors=3, random_state=seed)),
            ("model", LogisticRegression(max_iter=2000)),
        ]
    ),
    "balanced_rf": lambda seed: _with_preprocessing(
        BalancedRandomForestClassifier(
            n_estimators=100,
            sampling_strategy="all",
            replacement=True,
            bootstrap=False,
            random_state=seed,
        )
    ),
    "hgb_balanced": lambda seed: _with_preprocessing(
        HistGradientBoostingClassifier(class_weight="balanced", random_state=seed)
    ),
    "skorch_mlp": lambda seed: _with_preprocessing(_plain_skorch(seed)),
}


def _positive_f2(y_true, y_pred):
    """``fbeta_score(y_true, y_pred, beta=2)`` for 0/1 labels, without validation.

    TunedThresholdClassifierCV scores each of its 100 thresholds on each of
    its 5 folds, so scikit-learn's input checks ran 500 times per fit and took
    about a third of the baselines' fit time in the benchmark. The formula and
    the float operations are scikit-learn's, ``(1 + b2) tp / (b2 (tp + fn) +
    (tp + fp))`` with 0 when nothing is true or predicted, so every threshold
    scores bit for bit the same and the tuned baselines choose the same
    thresholds.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels, 1 for the positive class.

    Returns
    -------
    score : float
    """
    is_true = np.asarray(y_true) == 1
    is_predicted = np.asarray(y_pred) == 1
    true_positives = float(np.count_nonzero(is_true & is_predicted))
    denominator = 4 * float(np.count_nonzero(is_true)) + float(
        np.count_nonzero(is_predicted)
    )
    if denominator == 0:
        return 0.0
    return (1 + 4) * true_positives / denominator


# fbeta_score(beta=2) as the user would write it, computed without validation
_F2 = make_scorer(_positive_f2)


def _tuned_for_f2(estimator, seed):
    return TunedThresholdClassifierCV(estimator, scoring=_F2, random_state=seed)


def _tuned(name):
    def build(seed):
        return _tuned_for_f2(BASE_METHODS[name](seed), seed)

    return build


METHODS = {
    **BASE_METHODS,
    **{f"{name}+tuned": _tuned(name) for name in BASE_METHODS if name != "skimb"},
}


def make_method(name, seed):
    """Build the unfitted estimator of a benchmark method.

    Parameters
    ----------
    name : str
        One of :data:`METHODS`.
    seed : int
        Seed of the method's randomness.

    Returns
    -------
    estimator : classifier
        Unfitted.
    """
    if name not in METHODS:
        raise ValueError(f"Unknown method {name!r}; known: {', '.join(METHODS)}.")
    return METHODS[name](seed)


class _TimedFit(ClassifierMixin, BaseEstimator):
    """Fit a clone of ``estimator`` and record how many seconds it took.

    Its probabilities for the last ``X`` it was asked about are kept: the
    benchmark scores a baseline and its tuned version on one test frame,
    and both versions' probabilities are the baseline's, asked for up to
    three times. ``X`` is recognised as the same object, not by its values,
    so it must not be changed in place between calls (the benchmark never
    does).

    Parameters
    ----------
    estimator : classifier
        The classifier to fit; its predictions are passed through.
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y):
        start = time.perf_counter()
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.fit_time_ = time.perf_counter() - start
        self.classes_ = self.estimator_.classes_
        self._last_proba = (None, None)
        return self

    def predict_proba(self, X):
        last_X, proba = self._last_proba
        if last_X is not X:
            proba = self.estimator_.predict_proba(X)
            self._last_proba = (X, proba)
        return proba.copy()

    def predict(self, X):
        return self.estimator_.predict(X)


def _make_tuned_pair(name, seed):
    """A tuned baseline whose refit on the whole training data is timed.

    TunedThresholdClassifierCV fits that refit first, from the estimator
    built with the same seed as the baseline alone, so it is the baseline
    fitted on the same rows: one fit gives both methods' predictions.
    """
    return _tuned_for_f2(_TimedFit(BASE_METHODS[name](seed)), seed)


def method_groups(names):
    """The fits a benchmark of ``names`` needs: each group shares one fit.

    A baseline asked for with its ``+tuned`` version is one group, fitted
    once: the tuned version's refit is the baseline (see
    :func:`_make_tuned_pair`), which saves the baseline's own fit. Every
    other method is a group of its own.

    Parameters
    ----------
    names : list of str
        Names of :data:`METHODS`.

    Returns
    -------
    groups : list of (tuple of str, callable)
        The methods of each group and ``factory(seed)``, which builds its
        estimator; for a pair, the tuned estimator (the baseline is its
        ``estimator_``).
    """
    groups = []
    for name in names:
        tuned = f"{name}+tuned"
        if name in BASE_METHODS and tuned in names:
            groups.append(((name, tuned), partial(_make_tuned_pair, name)))
        elif not (name.endswith("+tuned") and name.removesuffix("+tuned") in names):
            groups.append(((name,), partial(make_method, name)))
    return groups
