"""NetClassifier: a scikit-learn classifier that trains a skorch net.

NetClassifier *wraps* a plain :class:`skorch.NeuralNetClassifier` (``net_``)
rather than subclassing it. Two reasons:

- scikit-learn's parameter validation (``_parameter_constraints`` checked by
  ``_fit_context``) and skorch's own parameter machinery both define
  ``_validate_params`` and ``_get_param_names``; a subclass would have to
  override skorch's private methods to get scikit-learn's behaviour;
- the imbalance-specific steps of a fit (validation split, resampling, class
  weights, loss) happen in :meth:`NetClassifier.fit`, in one visible place,
  and reach skorch only through its public constructor parameters
  (``module``, ``criterion``, ``train_split``, ``iterator_train``,
  ``callbacks``, ...). skorch still runs the training loop, the callbacks and
  the history, so skorch callbacks work unchanged.
"""

import copy
import inspect
import numbers
import warnings
from contextlib import contextmanager
from functools import partial

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, Options, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data
from sklearn_compat.base import _fit_context
from skorch import NeuralNetClassifier
from skorch.callbacks import Callback, ProgressBar
from skorch.helper import predefined_split
from torch import nn

from ..weights import (
    check_sample_weight,
    class_weight_array,
    plain_label,
    values_by_label,
)
from ._batch import BalancedBatchSampler
from ._data import (
    BatchIterator,
    TensorData,
    as_tensor_data,
    resampled_weights,
    stratified_split,
)
from ._early_stopping import TieAwareEarlyStopping
from ._losses import (
    LOSSES,
    WEIGHT_NORMALIZATIONS,
    MemberLoss,
    RowWeightedLoss,
    _LogitLoss,
    make_loss,
)
from ._mlp import MLP, refuses_a_lone_row
from ._progress import TimeLeft
from ._scoring import ImbalanceScoring
from ._sizing import (
    auto_batch_size,
    auto_learning_rate,
    auto_n_networks,
    epochs_within,
    held_out_share,
    refits_on_all_rows,
    resolve_device,
)
from ._tabm import TabMNet, class_probabilities

__all__ = ["NetClassifier"]

#: monitor -> whether lower is better
_MONITORS = {
    "valid_ap": False,
    "valid_f2": False,
    "valid_bacc": False,
    "valid_loss": True,
    "train_loss": True,
}
#: prefixes of the component parameters NetClassifier passes on
_PREFIXES = ("module__", "optimizer__", "criterion__", "callbacks__")
#: rows per batch at prediction and validation; eval-mode outputs do not
#: depend on it
_INFERENCE_BATCH = 1024
#: rows converted to float32 at a time by predict_proba: memory stays bounded
#: whatever the number of rows
_PREDICT_CHUNK = 65_536
#: history keys kept out of the printed epoch table (lists, not numbers)
_UNPRINTED_KEYS = ["valid_recall", "valid_f1_per_class", "dynamic_shares"]


#: the networks NetClassifier builds by name: MLP and TabMNet
_MODULES = ("mlp", "tabm")


@contextmanager
def _torch_rng(random_state, device):
    """Seed torch from ``random_state`` without touching the caller's RNG state."""
    if random_state is None:
        yield
        return
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    devices = [torch.device(device)] if str(device).startswith("cuda") else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


@contextmanager
def _torch_threads(n_threads):
    """Run the block with torch using ``n_threads`` threads, then restore them.

    ``None`` leaves torch's setting alone.
    """
    previous = torch.get_num_threads()
    if n_threads is not None and n_threads != previous:
        torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        if torch.get_num_threads() != previous:
            torch.set_num_threads(previous)


def _torch_seed():
    """A seed drawn from torch's RNG, which fit seeds from ``random_state``."""
    return int(torch.randint(np.iinfo(np.int32).max, (1,)))


def _accepts(callable_, name):
    try:
        return name in inspect.signature(callable_).parameters
    except (TypeError, ValueError):
        return False


def _brought_batch_sampling(callbacks):
    """The batch scheme a callback brings (``batch_sampling`` attribute), if any."""
    for callback in callbacks or ():
        callback = callback[1] if isinstance(callback, tuple) else callback
        shares = getattr(callback, "batch_sampling", None)
        if shares is not None:
            return shares
    return None


class NetClassifier(ClassifierMixin, BaseEstimator):
    """PyTorch classifier for imbalanced data, with a scikit-learn interface.

    It needs no torch plumbing: it builds an :class:`~skimb.neural.MLP` sized
    from the data at fit time, takes numpy arrays or pandas frames of any
    numeric dtype and labels of any type, weights its loss by class, and stops
    early on the validation average precision, restoring the best weights.
    The training loop, callbacks and history are skorch's: the fitted skorch
    net is ``net_``.

    Parameters
    ----------
    module : None, "mlp", "tabm", torch.nn.Module class or instance, \
            default=None
        The network; it must return one logit per class. ``None`` or
        ``"mlp"`` builds an :class:`~skimb.neural.MLP` with ``hidden_units``,
        ``dropout`` and ``batch_norm``; ``"tabm"`` a
        :class:`~skimb.neural.TabMNet`, ``k`` MLPs in one network (its
        parameters as ``module__k`` and so on).
        A module class whose ``__init__`` takes ``n_features`` /
        ``n_classes`` gets them from the data unless they are given as
        ``module__*``. A module instance is copied at each fit,
        so every fit starts from the same initial weights. A module with an
        ``n_members`` attribute returns logits of shape ``(n, n_members,
        n_classes)``, one set per ensemble member: each member gets the loss
        on its own, and the probabilities are the mean of the members'
        (the validation scores too).
    hidden_units : tuple of int, default=(64, 64)
        Hidden layer widths of the default MLP.
    dropout : float, default=0.1
        Dropout of the default MLP: a little regularisation, which tabular
        data sets of a few thousand rows need. A batch-normalised MLP
        (``batch_norm=True``) is regularised by its normalisation and is
        usually given none, as in make_imbalanced_pipeline (see
        ``skimb.PIPELINE_NET_DEFAULTS`` for the reason).
    batch_norm : bool, default=False
        Batch normalisation in each hidden layer of the default MLP (see
        :class:`~skimb.neural.MLP`). It lets a network train at a larger step
        size; make_imbalanced_pipeline's networks, trained fast, use it.
    loss : str or torch.nn.Module, default="cross_entropy"
        ``"cross_entropy"``, ``"focal"`` (Lin et al. 2017, with ``gamma``),
        ``"logit_adjusted"`` (Menon et al. 2021, with ``tau``),
        ``"balanced_softmax"`` (Ren et al. 2020), ``"ldam"`` (Cao et al. 2019,
        with ``max_margin``), or a torch loss (class or instance) taking
        ``(logits, target)``. A loss class that accepts ``weight`` gets the
        class weights; ``criterion__*`` parameters go to a loss class.
    class_weight : {"balanced", "inverse", "sqrt", "effective"}, dict, callable \
            or None, default="balanced"
        Class weights for the loss, computed from the training rows of each
        fit (see :func:`skimb.weights.compute_class_weight`). The default is
        ``"balanced"`` because skimb is for imbalanced data, where an unweighted
        loss lets the majority class dominate the gradient; pass ``None`` for
        an unweighted loss. The prior-based losses (``"logit_adjusted"``,
        ``"balanced_softmax"``) correct for imbalance themselves and are
        normally used with ``class_weight=None``.
    weight_normalization : {"dataset", "batch"}, default="dataset"
        How a batch's class-weighted loss is scaled (named losses only).
        ``"dataset"``: ``sum(w_i l_i) / (n * w_bar)``, ``w_bar`` being the mean
        class weight of a training row, an unbiased estimate of the training
        rows' weighted mean loss. ``"batch"``: the batch's own weighted mean
        ``sum(w_i l_i) / sum(w_i)``, torch's convention. The batch's own mean
        shortchanges the rarest class whenever a batch seldom holds one of its
        rows (about one row in ``batch_size`` or rarer): the batches without
        one put their whole weight on the other classes, so the net's 0.5
        threshold sits far from the balanced point it is weighted for. With
        several rare rows per batch the two agree.
    beta : float, default=0.999
        Parameter of the ``"effective"`` class-weight scheme.
    most : float in [0.5, 1), default=None
        Caps the ratio of the largest to the smallest class weight by clipping
        class frequencies to ``[1 - most, most]``.
    gamma : float, default=2.0
        Focusing parameter of the focal loss.
    tau : float, default=1.0
        Strength of the logit adjustment.
    max_margin : float, default=0.5
        Margin of the rarest class in the LDAM loss.
    optimizer : torch optimizer class, default=torch.optim.Adam
        Its parameters are set with ``optimizer__*``.
    lr : float or "auto", default="auto"
        Learning rate. ``"auto"``: ``1e-3 * sqrt(batch_size / 64)``, 1e-3 at
        the batches of small tables, larger with the larger batches of large
        ones (see :func:`~skimb.neural.auto_learning_rate`).
    weight_decay : float, default=1e-3
        L2 penalty passed to the optimizer (unless ``optimizer__weight_decay``
        is given). Class weights act like copies of the rare rows, which a net
        memorises; the penalty keeps it from fitting them exactly. A module's
        parameters named by its ``undecayed_parameters`` attribute (patterns
        such as ``"*.r"``, matched to the parameter names) get no penalty:
        :class:`~skimb.neural.TabMNet` names its members' scaling vectors.
        ``optimizer__param_groups`` replaces that rule.
    max_epochs : int, default=100
        Maximum number of epochs.
    max_steps : int or None, default=20_000
        Maximum number of optimizer steps (batches) of a fit: the epochs end
        at ``max_epochs`` or when a further epoch would pass this many steps,
        whichever comes first (see :func:`~skimb.neural.epochs_within`).
        Small tables never reach it (100 epochs of a few dozen batches); on
        large ones, where one pass holds thousands of steps, it bounds the
        time of a fit: the rows seen grow with the batch size instead. ``None``:
        epochs only.
    batch_size : int or "auto", default="auto"
        Mini-batch size (``-1``: the whole training set). ``"auto"``: the
        power of two nearest to the square root of the training rows, from 64
        (up to about 6,000 rows) to 4,096 (see
        :func:`~skimb.neural.auto_batch_size`). A network with torch's batch
        normalisation, which cannot train on one row, never gets a last batch
        of one row: it joins the batch before it.
    batch_sampling : None, "balanced", "sqrt" or dict, default=None
        Class proportions of every training batch (see
        :class:`~skimb.neural.BalancedBatchSampler`): ``None`` shuffles (or
        uses the scheme a callback such as
        :class:`~skimb.neural.DynamicSampling` brings); ``"balanced"`` gives
        each class the same number of rows per batch (small classes drawn with
        replacement); ``"sqrt"`` shares proportional to the square root of the
        class counts; a dict ``{label: share}`` naming every class. Batches
        that are already balanced need no class weights: set
        ``class_weight=None`` (a warning says so otherwise).
    sampler : imbalanced-learn sampler, default=None
        Resamples the training part only, after the validation split, so that
        early stopping and the validation scores see real, un-resampled rows.
        The class weights and class counts of the loss are then computed from
        the resampled training rows.
    train_split : "stratified", callable or None, default="stratified"
        ``"stratified"`` holds out ``valid_fraction`` of each class for
        validation scores and early stopping; ``None`` trains on all rows (early
        stopping then watches the training loss); a callable
        ``(dataset, y) -> (dataset_train, dataset_valid)`` as in skorch (e.g.
        ``skorch.dataset.ValidSplit``).
    valid_fraction : float, default=0.2
        Share of each class held out by the stratified split.
    valid_rare_rows : int or None, default=1000
        On large data, the stratified split holds out fewer rows: no more
        than it takes to hold this many rows of the rarest class (see
        :func:`~skimb.neural.held_out_share`). A fifth of a million rows
        with 1 % positives is then a tenth. ``None``: always
        ``valid_fraction``.
    early_stopping : bool, default=True
        Stop when ``monitor`` has not improved for ``patience`` epochs and
        restore the weights of the best epoch.
    refit : "auto" or bool, default="auto"
        After early stopping on the validation split that NetClassifier makes
        (``train_split``), train a new network on all the rows, held-out ones
        included, for the epochs that early stopping chose (the best epoch),
        and predict with it: the held-out rows are rows of the rare class
        that the first network never learns from. ``"auto"``: refit while
        the rarest class has fewer than 5,000 rows (see
        :func:`~skimb.neural.refits_on_all_rows`, which gives the reason and
        the figures); beyond that the held-out part is a small share of it
        and a second fit would double a long one. Never with
        ``validation_data``, ``warm_start`` fits or ``partial_fit``; with
        ``callbacks`` of your own (which may need the validation scores,
        as :class:`~skimb.neural.DynamicSampling` does), only when ``True``,
        and they then take part in both fits. A callback whose
        ``validation_only`` attribute is true takes part in the first fit
        only and does not keep ``"auto"`` from refitting
        (:class:`~skimb.tuning.EpochPruning`, which reports the validation
        scores to an Optuna trial, is one).
    n_networks : int or "auto", default="auto"
        Networks trained, each on its own validation split and from its own
        initial weights (and each refit, per ``refit``); ``predict_proba`` is
        the mean of their probabilities (a deep ensemble). ``"auto"``: two
        where the fit is refit on all rows, one otherwise (see
        :func:`~skimb.neural.auto_n_networks` for the reason and figures),
        and one with ``warm_start`` or with callbacks of your own that need
        the validation scores. A callback that only watches them
        (``validation_only``) follows the first network's first fit.
        ``warm_start`` and ``partial_fit`` continue each network (a number
        other than theirs is then an error).
    monitor : {"valid_ap", "valid_f2", "valid_bacc", "valid_loss", \
            "train_loss"}, default="valid_ap"
        What early stopping watches. The validation average precision measures
        the ranking of the rare class and does not depend on a threshold.
    patience : int, default=40
        Epochs without strict improvement before stopping; ties move the kept
        epoch forward without resetting the count (see
        :class:`~skimb.neural.TieAwareEarlyStopping`).
    monitor_window : int, default=1
        Early stopping compares the mean of ``monitor`` over the last
        ``monitor_window`` epochs, which steadies a score computed on few
        rare-class validation rows.
    callbacks : list of skorch callbacks or (name, callback) pairs, default=None
        skorch callbacks, as instances or classes (skorch makes one).
        Added after the default callbacks; ``callbacks__*`` parameters reach
        them (and skorch's default callbacks) as in skorch.
    warm_start : bool, default=False
        Continue training from the current weights when ``fit`` is called
        again (as ``partial_fit`` does). The networks keep their weights and
        their optimizer's state, so what built them cannot change in between
        (an error): ``module``, ``hidden_units``, ``dropout``, ``batch_norm``,
        ``optimizer``, ``weight_decay``, ``device``, ``compile`` and the
        ``module__*`` and ``optimizer__*`` parameters. The rest is the new
        fit's: the loss and class weights, ``sampler``, ``batch_sampling``,
        ``max_epochs``, early stopping's settings, and ``lr`` and
        ``batch_size`` (an unchanged ``"auto"`` keeps the value it took).
    verbose : int, default=0
        ``1`` prints a line per epoch (losses, validation scores, its
        duration, and ``time_left``: what the remaining epochs would take,
        an upper bound as early stopping may end sooner), under a
        "network k of n" line for each of several networks; ``2`` adds a
        progress bar of the batches.
    device : str or torch.device, default="auto"
        Torch device: ``"auto"`` takes CUDA when available, else the CPU.
        On a GPU the training and validation rows move to it once, before
        the first epoch, when they take less than half its free memory;
        otherwise each batch moves as it is used.
    n_threads : int or None, default=1
        Threads torch uses on the CPU during ``fit`` and ``predict_proba``;
        torch's own setting is restored afterwards. ``None`` leaves torch's
        setting (one thread per core) alone. One by default: the networks
        that tables need are small, so splitting each matrix product over
        threads gains little, and when the cores are shared with other work
        (other fits, other processes) torch's threads wait on each other at
        every operation, which can make a fit tens of times slower
        (``benchmarks/bench_threads.py``). skimb runs whole fits in parallel
        instead (folds, trials, ``n_jobs``). Raise it for wide networks or
        large batches on an otherwise idle machine.
    compile : bool, default=False
        Compile the module with ``torch.compile``.
    random_state : int, RandomState instance or None, default=None
        Seeds torch (weights, dropout, batch order), the validation split and
        the sampler in ``fit``, inside a forked RNG so the caller's torch state
        is untouched.
    **kwargs
        Component parameters: ``module__*``, ``optimizer__*``,
        ``criterion__*``, ``callbacks__*``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, in the order of the ``predict_proba`` columns.
    class_weight_ : ndarray of shape (n_classes,)
        The class weights of the last fit (ones when ``class_weight=None``).
    class_counts_ : ndarray of shape (n_classes,)
        Rows per class of the training part of the last fit (after
        resampling), which the loss and the class weights are built from.
    valid_class_counts_ : ndarray of shape (n_classes,) or None
        Rows per class of the validation part of the last fit.
    refit_epochs_ : int or None
        The epochs of the first network's refit on all rows (``refit``), or
        None where the last fit was not refit.
    validation_history_ : skorch.callbacks.History or None
        With a refit, the history of the first network's fit on the split
        that chose its epochs (with the validation scores); ``net_.history``
        is the refit's.
    batch_sampler_ : BalancedBatchSampler or None
        The batch sampler of the last fit (``batch_sampling`` set).
    batch_size_ : int
        The batch size used (``batch_size``, resolved at the first fit).
    lr_ : float
        The learning rate used (``lr``, resolved at the first fit).
    max_epochs_ : int
        The epochs the last fit could run: ``max_epochs``, or fewer where
        ``max_steps`` bound it.
    device_ : str or torch.device
        The device used (``device``, resolved at the first fit).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of str
        Column names of a DataFrame seen in fit.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net (the first of ``nets_``); ``module_``,
        ``criterion_``, ``optimizer_``, ``callbacks_`` and ``history`` are
        its attributes, reachable from NetClassifier directly.
    nets_ : list of skorch.NeuralNetClassifier
        The ``n_networks`` trained nets, whose probabilities
        ``predict_proba`` averages.

    See Also
    --------
    skimb.neural.MLP : The default network.
    skimb.weights.compute_class_weight : The class-weight schemes.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skimb.neural import NetClassifier
    >>> X, y = make_classification(300, weights=[0.9], random_state=0)
    >>> net = NetClassifier(max_epochs=5, random_state=0).fit(X, y)
    >>> net.predict_proba(X[:2]).shape
    (2, 2)
    """

    _parameter_constraints = {
        "module": [None, StrOptions(set(_MODULES)), callable],
        "hidden_units": [tuple, list],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "batch_norm": ["boolean"],
        "loss": [StrOptions(set(LOSSES)), callable],
        "class_weight": [
            StrOptions({"balanced", "inverse", "sqrt", "effective"}),
            dict,
            callable,
            None,
        ],
        "weight_normalization": [StrOptions(set(WEIGHT_NORMALIZATIONS))],
        "beta": [Interval(numbers.Real, 0, 1, closed="left")],
        "most": [Interval(numbers.Real, 0.5, 1, closed="left"), None],
        "gamma": [Interval(numbers.Real, 0, None, closed="left")],
        "tau": [numbers.Real],
        "max_margin": [Interval(numbers.Real, 0, None, closed="left")],
        "optimizer": [callable],
        "lr": [Interval(numbers.Real, 0, None, closed="neither"), StrOptions({"auto"})],
        "weight_decay": [Interval(numbers.Real, 0, None, closed="left")],
        "max_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_steps": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "batch_size": [
            Interval(numbers.Integral, 1, None, closed="left"),
            Options(numbers.Integral, {-1}),
            StrOptions({"auto"}),
        ],
        "batch_sampling": [StrOptions({"balanced", "sqrt"}), dict, None],
        "sampler": [HasMethods(["fit_resample"]), None],
        "train_split": [StrOptions({"stratified"}), callable, None],
        "valid_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
        "valid_rare_rows": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "early_stopping": ["boolean"],
        "refit": [StrOptions({"auto"}), "boolean"],
        "n_networks": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "monitor": [StrOptions(set(_MONITORS))],
        "patience": [Interval(numbers.Integral, 1, None, closed="left")],
        "monitor_window": [Interval(numbers.Integral, 1, None, closed="left")],
        "callbacks": [list, None],
        "warm_start": ["boolean"],
        "verbose": ["verbose"],
        "device": [str, torch.device],
        "n_threads": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "compile": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        module=None,
        *,
        hidden_units=(64, 64),
        dropout=0.1,
        batch_norm=False,
        loss="cross_entropy",
        class_weight="balanced",
        weight_normalization="dataset",
        beta=0.999,
        most=None,
        gamma=2.0,
        tau=1.0,
        max_margin=0.5,
        optimizer=torch.optim.Adam,
        lr="auto",
        weight_decay=1e-3,
        max_epochs=100,
        max_steps=20_000,
        batch_size="auto",
        batch_sampling=None,
        sampler=None,
        train_split="stratified",
        valid_fraction=0.2,
        valid_rare_rows=1000,
        early_stopping=True,
        refit="auto",
        n_networks="auto",
        monitor="valid_ap",
        patience=40,
        monitor_window=1,
        callbacks=None,
        warm_start=False,
        verbose=0,
        device="auto",
        n_threads=1,
        compile=False,
        random_state=None,
        **kwargs,
    ):
        self.module = module
        self.hidden_units = hidden_units
        self.dropout = dropout
        self.batch_norm = batch_norm
        self.loss = loss
        self.class_weight = class_weight
        self.weight_normalization = weight_normalization
        self.beta = beta
        self.most = most
        self.gamma = gamma
        self.tau = tau
        self.max_margin = max_margin
        self.optimizer = optimizer
        self.lr = lr
        self.weight_decay = weight_decay
        self.max_epochs = max_epochs
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.batch_sampling = batch_sampling
        self.sampler = sampler
        self.train_split = train_split
        self.valid_fraction = valid_fraction
        self.valid_rare_rows = valid_rare_rows
        self.early_stopping = early_stopping
        self.refit = refit
        self.n_networks = n_networks
        self.monitor = monitor
        self.patience = patience
        self.monitor_window = monitor_window
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.verbose = verbose
        self.device = device
        self.n_threads = n_threads
        self.compile = compile
        self.random_state = random_state
        vars(self).update(kwargs)

    # ------------------------------------------------------------------
    # parameters
    # ------------------------------------------------------------------
    def _extra_params(self):
        """Keywords stored beyond the signature: component parameters, typos."""
        named = set(self._get_param_names())
        return {
            k: v
            for k, v in vars(self).items()
            if k not in named and not k.startswith("_") and not k.endswith("_")
        }

    def get_params(self, deep=True):
        """Parameters, the component ones (``module__*``, ...) included.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of contained estimators (``sampler``).

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        # every stored keyword is a parameter, so that clone carries it: a
        # misspelt one then fails loudly at fit instead of vanishing in a clone
        return {**super().get_params(deep=deep), **self._extra_params()}

    def set_params(self, **params):
        """Set parameters, component parameters (``module__*``, ...) included.

        Parameters
        ----------
        **params : dict
            Parameter names and values, as in ``get_params``.

        Returns
        -------
        self : NetClassifier
            This estimator.
        """
        for key in [k for k in params if k.startswith(_PREFIXES)]:
            setattr(self, key, params.pop(key))
        return super().set_params(**params)

    def _component_params(self, prefix):
        """The ``prefix__*`` parameters, without the prefix."""
        start = prefix + "__"
        return {
            k[len(start) :]: v
            for k, v in self._extra_params().items()
            if k.startswith(start)
        }

    def _check_extra_params(self):
        unknown = sorted(k for k in self._extra_params() if not k.startswith(_PREFIXES))
        if unknown:
            raise TypeError(
                f"{type(self).__name__} got unexpected parameters {unknown}; "
                "component parameters need a prefix such as module__ or optimizer__."
            )

    # ------------------------------------------------------------------
    # fitting
    # ------------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, *, sample_weight=None, validation_data=None, **fit_params):
        """Train the network from scratch (unless ``warm_start``) on ``X, y``.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features of any float or int dtype (used as float32).
        y : array-like of shape (n_samples,)
            Class labels of any type.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights (a fraud's amount, a survey weight, a count of
            duplicates): each row's loss is multiplied by its weight, on top
            of the class weights, for every loss. Only relative weights
            matter: they are scaled to a mean of one over the training rows.
            They follow their rows through the validation split, the
            ``sampler`` and balanced batches, and weight the validation
            scores that early stopping watches. A sampler's new rows get the
            weight of the row they copy (samplers that report
            ``sample_indices_``), or, for synthetic rows appended after the
            given ones (SMOTE and the like), the mean weight of their class.
            The loss's class counts (its prior, and ``weight_normalization``)
            are weighted too, as for rows repeated by their weights.
        validation_data : tuple (X_valid, y_valid[, sample_weight_valid]), \
                default=None
            Rows for the validation scores and early stopping in place of
            ``train_split``: every row of ``X`` is then trained on. Used by
            :class:`~skimb.decision.ThresholdOptimizer` with
            ``fold_validation=True``, which validates each fold's net on the
            fold's held-out rows.
        **fit_params : dict
            Passed to the module's ``forward``.

        Returns
        -------
        self : NetClassifier
            The fitted classifier.
        """
        warm = self.warm_start and hasattr(self, "net_")
        return self._fit(
            X,
            y,
            validation_data,
            fit_params,
            first=not warm,
            classes=None,
            sample_weight=sample_weight,
            may_refit=not warm,
        )

    def partial_fit(self, X, y, classes=None, sample_weight=None, **fit_params):
        """Train for ``max_epochs`` more epochs, initializing on the first call.

        Later calls continue the networks as a ``warm_start`` fit does (see
        ``warm_start`` for the parameters that may change in between); an
        ``"auto"`` batch size and step size keep the values the first call
        resolved, whatever the size of later chunks.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features.
        y : array-like of shape (n_samples,)
            Class labels.
        classes : array-like, default=None
            All the classes, needed on the first call when ``y`` lacks some.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights, as in :meth:`fit`.
        **fit_params : dict
            Passed to the module's ``forward``.

        Returns
        -------
        self : NetClassifier
            The updated classifier.
        """
        first = not hasattr(self, "net_")
        if first:
            self._validate_params()
        return self._fit(
            X,
            y,
            None,
            fit_params,
            first=first,
            classes=classes,
            sample_weight=sample_weight,
        )

    def _fit(
        self,
        X,
        y,
        validation_data,
        fit_params,
        *,
        first,
        classes,
        sample_weight=None,
        may_refit=False,
    ):
        """The steps of a fit, in order; each step's result feeds the next."""
        self._check_extra_params()
        _check_callbacks(self.callbacks)
        # a continued fit (warm_start, partial_fit) trains the fitted networks
        held = [] if first else self.nets_
        _check_networks_to_continue(self.n_networks, len(held))
        if held:
            _check_built_with(getattr(self, "_built_with_", None), self._built_with())
        X, y = self._validate_training_data(X, y, reset=first, classes=classes)
        sample_weight = check_sample_weight(sample_weight, len(y))
        given_valid = self._validation_rows(validation_data)
        if first:
            self.device_ = resolve_device(self.device)
        with (
            _torch_threads(self.n_threads),
            _torch_rng(self.random_state, self.device_),
        ):
            # X's float32 rows are the only copy of X: the parts of the split
            # index into them
            data = self._on_device(TensorData(X, y, sample_weight))
            del X
            given_valid = self._on_device(given_valid)
            fresh, may_refit = may_refit, may_refit and given_valid is None
            networks = []
            n_networks = len(held) or self._n_networks(data, fresh, may_refit)
            for network in range(n_networks):
                if self.verbose and n_networks > 1:
                    print(f"network {network + 1} of {n_networks}")
                if held:
                    self.net_ = held[network]
                # each network has its own split (and initial weights)
                train, valid = self._split(data, given_valid)
                # callbacks that watch the validation scores (reporting them
                # to a trial) follow the first network's first fit only
                fitted = self._train_network(
                    data, train, valid, fit_params, first, may_refit, network == 0
                )
                networks.append((self.net_, valid, *fitted))
        self.nets_ = [net for net, *_ in networks]
        self._built_with_ = self._built_with()
        self._step_params_ = {"batch_size": self.batch_size, "lr": self.lr}
        # the first network's fit describes the fit
        self.net_, valid, trained, epochs, self.validation_history_ = networks[0]
        self.refit_epochs_ = epochs
        self.class_counts_, self.class_weight_, self.batch_sampler_ = trained
        self.valid_class_counts_ = (
            None
            if valid is None
            else np.bincount(valid.y.cpu().numpy(), minlength=len(self.classes_))
        )
        return self

    def _train_network(self, data, train, valid, fit_params, first, may_refit, watched):
        """Train one network on ``train``, then refit it on ``data`` where due.

        ``watched``: as in :meth:`_train`, for the fit on ``train``. Returns
        what its last fit trained with, the epochs of its refit (None without
        one) and the history of the fit that chose them.
        """
        trained = self._train(train, valid, fit_params, first=first, watched=watched)
        epochs = self._refit_epochs(data, valid, may_refit)
        if not epochs:
            return trained, None, None
        history = self.net_.history
        trained = self._train(data, None, fit_params, first=True, epochs=epochs)
        return trained, epochs, history

    def _n_networks(self, data, fresh, may_refit):
        """The networks a new fit trains: ``n_networks``, "auto" resolved.

        "auto" trains two where a ``fit`` (``fresh``) is refit on all rows
        (see :func:`~skimb.neural.auto_n_networks`), one where a callback of
        the user's follows the training or ``warm_start`` asks for fits that
        continue it.
        """
        if self.n_networks != "auto":
            return self.n_networks
        if not fresh or self.warm_start or _needs_validation(self.callbacks):
            return 1
        return auto_n_networks(self._refits(data, may_refit))

    def _train(self, train, valid, fit_params, *, first, epochs=None, watched=True):
        """Train on ``train`` (validated on ``valid``); a new net when ``first``.

        ``epochs``: a refit, for exactly that many epochs (no early stopping),
        with the batch size and step size of the fit that chose them.
        ``watched``: the user's callbacks that only watch the validation
        scores take part (never in a refit).
        """
        train = _mean_one(self._on_device(self._resample(train)))
        y_train = train.y.cpu().numpy()
        if first and epochs is None:
            self.batch_size_, self.lr_ = self._batch_size_and_lr(len(y_train))
        elif not first:
            self.batch_size_, self.lr_ = self._continued_step(len(y_train))
        w_train = None if train.w is None else train.w.cpu().numpy()
        counts = _per_class(y_train, None, self.classes_)
        # a row of weight 0 teaches nothing
        weighing = (
            counts
            if w_train is None
            else _per_class(y_train, w_train > 0, self.classes_)
        )
        _warn_of_lone_rows(weighing, self.classes_)
        weight = class_weight_array(
            self.classes_[y_train],
            self.classes_,
            self.class_weight,
            beta=self.beta,
            most=self.most,
        )
        module = self._make_module() if first else self.net_.module_
        criterion = self._make_criterion(
            # each class's total row weight: its count, were rows repeated by weight
            counts if w_train is None else _per_class(y_train, w_train, self.classes_),
            weight,
            row_weights=train.w is not None,
            members=getattr(module, "n_members", None) is not None,
        )
        batch_sampler = self._make_batch_sampler(y_train)
        merge_lone_row = refuses_a_lone_row(module)
        self.max_epochs_ = epochs_within(
            self.max_epochs if epochs is None else epochs,
            self.max_steps,
            # the batches of an epoch, cut as the net's training iterator cuts them
            len(
                BatchIterator(
                    train,
                    self.batch_size_,
                    batch_sampler=batch_sampler,
                    merge_lone_row=merge_lone_row,
                )
            ),
        )
        if first:
            self.net_ = self._make_net(
                module,
                criterion,
                valid is not None,
                refit=epochs is not None,
                watched=watched and epochs is None,
            )
            self.net_.initialize()
        else:
            self._renew_net(criterion, valid is not None, watched)
        self.net_.max_epochs = self.max_epochs_
        _feed(self.net_, valid, batch_sampler, merge_lone_row)
        try:
            self.net_.partial_fit(train, None, **fit_params)
        finally:
            # the net keeps no training or validation rows, even after an error
            _feed(self.net_, None, None)
        return counts, weight, batch_sampler

    def _refit_epochs(self, data, valid, may_refit):
        """Epochs of the refit on all rows (see ``refit``), or None."""
        if valid is None or not self._refits(data, may_refit):
            return None
        return dict(self.net_.callbacks_)["early_stopping"].best_epoch_

    def _refits(self, data, may_refit):
        """Whether a fit on a validation split of ``data`` is refit on all rows."""
        if not may_refit or self.train_split is None or not self.early_stopping:
            return False
        if self.refit == "auto":
            # a callback of the user's may need the validation scores
            # (DynamicSampling), which a refit has not
            counts = np.bincount(data.y.cpu().numpy(), minlength=len(self.classes_))
            return not _needs_validation(self.callbacks) and refits_on_all_rows(counts)
        return bool(self.refit)

    def _validate_training_data(self, X, y, *, reset, classes):
        X, y = validate_data(
            self, X, y, reset=reset, dtype=(np.float32, np.float64), y_numeric=False
        )
        check_classification_targets(y)
        if reset:
            self.classes_ = _classes(y, classes, type(self).__name__)
        return X.astype(np.float32, copy=False), self._encode(y)

    def _validation_rows(self, validation_data):
        """``validation_data`` checked and encoded, or None."""
        if validation_data is None:
            return None
        is_sequence = isinstance(validation_data, tuple | list)
        if not is_sequence or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a pair (X_valid, y_valid) or a triple "
                "(X_valid, y_valid, sample_weight_valid); got "
                f"{type(validation_data).__name__}."
            )
        X_valid, y_valid, *w_valid = validation_data
        X_valid = validate_data(
            self, X_valid, reset=False, dtype=(np.float32, np.float64)
        )
        y_valid = np.asarray(y_valid)
        if len(y_valid) != len(X_valid) or len(y_valid) == 0:
            raise ValueError(
                "validation_data needs as many labels as rows, and at least one "
                f"row; got {len(X_valid)} rows and {len(y_valid)} labels."
            )
        w_valid = check_sample_weight(w_valid[0], len(y_valid)) if w_valid else None
        return TensorData(
            X_valid.astype(np.float32, copy=False), self._encode(y_valid), w_valid
        )

    def _split(self, data, given_valid):
        """Training and validation rows (validation None without a split)."""
        y = data.y.cpu().numpy()
        if given_valid is not None:
            return data, given_valid
        if self.train_split is None:
            return data, None
        if self.train_split != "stratified":
            train, valid = self.train_split(data, y)
            return as_tensor_data(train), as_tensor_data(valid)
        rng = np.random.default_rng(_torch_seed())
        share = held_out_share(
            np.bincount(y), self.valid_fraction, self.valid_rare_rows
        )
        train_rows, valid_rows = stratified_split(y, share, rng)
        return data.take(train_rows), data.take(valid_rows)

    def _on_device(self, data):
        """``data`` on the GPU when the fit runs on one and it fits there.

        Moved once, every batch is then cut on the GPU; data too large for
        half the GPU's free memory stays on the CPU and moves batch by batch.
        """
        device = torch.device(self.device_)
        if data is None or device.type != "cuda" or data.X.device == device:
            return data
        free, _ = torch.cuda.mem_get_info(device)
        return data.to(device) if data.nbytes < free / 2 else data

    def _batch_size_and_lr(self, n_train):
        """``batch_size`` and ``lr``, with "auto" resolved for ``n_train`` rows."""
        batch_size = self.batch_size
        if batch_size == "auto":
            batch_size = auto_batch_size(n_train)
        elif batch_size == -1:
            batch_size = max(n_train, 1)
        lr = auto_learning_rate(batch_size) if self.lr == "auto" else self.lr
        return batch_size, lr

    def _continued_step(self, n_train):
        """``batch_size_`` and ``lr_`` for a continued fit of ``n_train`` rows.

        A parameter set since they were resolved is resolved anew; an
        unchanged one keeps its value, so that the chunks of ``partial_fit``
        train at one batch size and step size whatever their sizes.
        """
        resolved_from = getattr(
            self, "_step_params_", {"batch_size": self.batch_size, "lr": self.lr}
        )
        batch_size = self.batch_size_
        if self.batch_size != resolved_from["batch_size"]:
            batch_size, _ = self._batch_size_and_lr(n_train)
        if self.lr == resolved_from["lr"] and batch_size == self.batch_size_:
            return batch_size, self.lr_
        # an "auto" step size follows the batch size
        lr = auto_learning_rate(batch_size) if self.lr == "auto" else self.lr
        return batch_size, lr

    def _built_with(self):
        """The parameters that built the networks and their optimizers.

        A continued fit trains those networks, optimizer state included, so a
        change to any of these could not take effect.
        """
        default_mlp = self.module is None or (
            isinstance(self.module, str) and self.module == "mlp"
        )
        params = {
            "module": "mlp" if default_mlp else self.module,
            "optimizer": self.optimizer,
            "weight_decay": self.weight_decay,
            # "auto" is the device it resolves to
            "device": str(resolve_device(self.device)),
            "compile": self.compile,
            **_prefixed("module", self._component_params("module")),
            **_prefixed("optimizer", self._component_params("optimizer")),
        }
        if default_mlp:
            params.update(
                # a list and a tuple of the same widths build the same network
                hidden_units=tuple(self.hidden_units),
                dropout=self.dropout,
                batch_norm=self.batch_norm,
            )
        return params

    def _resample(self, train):
        """The training rows after ``sampler`` (unchanged without one)."""
        if self.sampler is None:
            return train
        sampler = clone(self.sampler)
        if "random_state" in sampler.get_params() and self.random_state is not None:
            sampler.set_params(random_state=_torch_seed())
        X, y = train.feature_array(), train.y.cpu().numpy()
        X_res, y_res = sampler.fit_resample(X, y)
        X_res, y_res = np.asarray(X_res, dtype=np.float32), np.asarray(y_res)
        weight = None
        if train.w is not None:
            w = train.w.cpu().numpy()
            weight = resampled_weights(sampler, X, y, w, X_res, y_res)
        return TensorData(X_res, y_res, weight)

    def _make_criterion(self, counts, weight, row_weights=False, members=False):
        """The loss module, built from this fit's class counts and weights.

        skimb's losses and RowWeightedLoss take the logits of ensemble
        members (``members``) themselves; another torch loss gets them
        through MemberLoss.
        """
        criterion = self._class_weighted_criterion(counts, weight)
        if row_weights and not isinstance(criterion, _LogitLoss):
            return RowWeightedLoss(criterion)
        if members and not isinstance(criterion, _LogitLoss):
            return MemberLoss(criterion)
        return criterion

    def _class_weighted_criterion(self, counts, weight):
        loss = self.loss
        weight = None if self.class_weight is None else weight
        if isinstance(loss, str):
            return make_loss(
                loss,
                counts,
                weight=weight,
                weight_normalization=self.weight_normalization,
                gamma=self.gamma,
                tau=self.tau,
                max_margin=self.max_margin,
            )
        if isinstance(loss, nn.Module):
            if weight is not None:
                warnings.warn(
                    "class_weight is not applied to a loss instance; pass a loss "
                    "class to get the weights, or set class_weight=None.",
                    UserWarning,
                    stacklevel=5,
                )
            criterion = copy.deepcopy(loss)
        else:
            kwargs = self._component_params("criterion")
            if weight is not None and _accepts(loss, "weight"):
                kwargs.setdefault(
                    "weight", torch.as_tensor(weight, dtype=torch.float32)
                )
            criterion = loss(**kwargs)
        if isinstance(criterion, nn.NLLLoss):
            raise ValueError(
                "NetClassifier's modules return logits: use "
                "torch.nn.CrossEntropyLoss instead of NLLLoss."
            )
        return criterion

    def _batch_shares(self):
        """The class shares of the batches: the parameter's or a callback's."""
        shares = self.batch_sampling
        if shares is None:
            shares = _brought_batch_sampling(self.callbacks)
        if isinstance(shares, dict):
            # in the order of the encoded labels the batch sampler sees
            return values_by_label(
                shares, self.classes_, default=None, name="batch_sampling"
            )
        return shares

    def _make_batch_sampler(self, y_train):
        shares = self._batch_shares()
        if shares is None:
            return None
        if self.class_weight is not None:
            warnings.warn(
                f"batch_sampling={shares!r} already re-balances the batches and "
                f"class_weight={self.class_weight!r} weights the loss as well; set "
                "class_weight=None unless both are intended.",
                UserWarning,
                stacklevel=5,
            )
        return BalancedBatchSampler(
            y_train, self.batch_size_, shares=shares, random_state=_torch_seed()
        )

    def _make_module(self):
        """The network: the default MLP sized from the data, or ``module``."""
        kwargs = self._component_params("module")
        if self.module == "tabm":
            return TabMNet(
                n_features=self.n_features_in_, n_classes=len(self.classes_), **kwargs
            )
        if self.module is None or self.module == "mlp":
            return MLP(
                n_features=self.n_features_in_,
                n_classes=len(self.classes_),
                **{
                    "hidden_units": self.hidden_units,
                    "dropout": self.dropout,
                    "batch_norm": self.batch_norm,
                    **kwargs,
                },
            )
        if isinstance(self.module, nn.Module):
            module = copy.deepcopy(self.module)
            return type(module)(**kwargs) if kwargs else module
        shape = {}
        if _accepts(self.module, "n_features"):
            shape["n_features"] = self.n_features_in_
        if _accepts(self.module, "n_classes"):
            shape["n_classes"] = len(self.classes_)
        return self.module(**{**shape, **kwargs})

    def _optimizer_params(self, module):
        params = {
            f"optimizer__{k}": v for k, v in self._component_params("optimizer").items()
        }
        if _accepts(self.optimizer, "weight_decay"):
            params.setdefault("optimizer__weight_decay", self.weight_decay)
            undecayed = getattr(module, "undecayed_parameters", ())
            if undecayed:
                # skorch matches the patterns to the module's parameter names
                params.setdefault(
                    "optimizer__param_groups",
                    [(pattern, {"weight_decay": 0.0}) for pattern in undecayed],
                )
        return params

    def _make_net(self, module, criterion, has_validation, refit=False, watched=True):
        """The skorch net that trains ``module`` with ``criterion``.

        A refit's net stops at its given epochs. The callbacks that only work
        on validation scores take part where ``watched`` (never in a refit).
        """
        print_log = (
            {"callbacks__print_log__keys_ignored": _UNPRINTED_KEYS}
            if self.verbose
            # skorch formats the epoch table even when verbose=0 hides it
            else {"callbacks__print_log": None}
        )
        return NeuralNetClassifier(
            module,
            criterion=criterion,
            # the labels the codes 0..k-1 of y stand for, as skorch's classes_
            classes=self.classes_,
            optimizer=self.optimizer,
            lr=self.lr_,
            max_epochs=self.max_epochs_,
            batch_size=self.batch_size_,
            iterator_train=BatchIterator,
            iterator_train__shuffle=True,
            iterator_valid=BatchIterator,
            iterator_valid__batch_size=max(self.batch_size_, _INFERENCE_BATCH),
            callbacks=self._callbacks(has_validation, refit, watched),
            # accuracy says little on imbalanced data; ImbalanceScoring scores
            callbacks__valid_acc=None,
            predict_nonlinearity=class_probabilities,
            verbose=self.verbose,
            device=self.device_,
            compile=self.compile,
            **self._optimizer_params(module),
            **print_log,
            **_prefixed("callbacks", self._callback_params(watched)),
        )

    def _callback_params(self, watched):
        """``callbacks__*`` parameters, less those of the callbacks left out."""
        params = self._component_params("callbacks")
        if watched:
            return params
        left_out = {
            name
            for name, callback in _named(self.callbacks)
            if _validation_only(callback)
        }
        return {k: v for k, v in params.items() if k.split("__")[0] not in left_out}

    def _callbacks(self, has_validation, refit=False, watched=True):
        callbacks = [("valid_scores", ImbalanceScoring())] if has_validation else []
        if self.verbose:
            callbacks.append(("time_left", TimeLeft()))
        if self.verbose >= 2:
            callbacks.append(("progress_bar", ProgressBar()))
        if self.early_stopping and not refit:
            stopping = TieAwareEarlyStopping(**self._stopping(has_validation))
            callbacks.append(("early_stopping", stopping))
        own = list(self.callbacks or [])
        if not watched:
            own = [c for c in own if not _validation_only(_callback_of(c))]
        return callbacks + own

    def _stopping(self, has_validation):
        """The settings of early stopping, for a fit with or without validation rows."""
        monitor = self.monitor if has_validation else "train_loss"
        return {
            "monitor": monitor,
            "lower_is_better": _MONITORS[monitor],
            "patience": self.patience,
            "window": self.monitor_window,
        }

    def _renew_net(self, criterion, has_validation, watched=True):
        """Prepare the trained net for more training (warm start, partial_fit).

        The weights and the optimizer's state stay; the loss, the batch size
        and the step size are this fit's, and the callbacks follow whether
        this fit has validation rows (the scores, and the monitor of early
        stopping) and early stopping's settings.
        """
        self.net_.criterion_ = criterion.to(self.device_)
        # skorch's lr sets the optimizer's step size and keeps its state
        self.net_.set_params(lr=self.lr_, batch_size=self.batch_size_)
        callbacks = dict(self.net_.callbacks_)
        was_validated = "valid_scores" in callbacks
        stopping = callbacks.get("early_stopping")
        # a refit's net trained without early stopping
        was_stopping = stopping is not None
        stops_as_asked = not was_stopping or all(
            getattr(stopping, name) == value
            for name, value in self._stopping(has_validation).items()
        )
        if (
            was_validated != has_validation
            or was_stopping != self.early_stopping
            or not stops_as_asked
        ):
            self.net_.set_params(
                callbacks=self._callbacks(has_validation, watched=watched)
            )
            self.net_.initialize_callbacks()

    def _encode(self, y):
        encoded = np.searchsorted(self.classes_, y)
        encoded = np.clip(encoded, 0, len(self.classes_) - 1)
        unseen = self.classes_[encoded] != y
        if np.any(unseen):
            raise ValueError(
                f"y contains labels not seen in the first fit: "
                f"{np.unique(y[unseen]).tolist()!r}; known: {self.classes_.tolist()!r}."
            )
        return encoded.astype(np.int64)

    # ------------------------------------------------------------------
    # the skorch net's state
    # ------------------------------------------------------------------
    def _fitted_net(self):
        check_is_fitted(self, "net_")
        return self.net_

    def _one_net(self, method):
        """The fitted net, where the fit trained one (skorch's files hold one)."""
        net = self._fitted_net()
        if len(self.nets_) > 1:
            raise ValueError(
                f"{method} handles one network; this NetClassifier holds "
                f"{len(self.nets_)} (n_networks). Pickle the estimator, or fit "
                "with n_networks=1."
            )
        return net

    history = property(
        lambda self: self._fitted_net().history,
        doc="skorch's ``History`` of the fits: per-epoch losses and scores.",
    )
    history_ = history
    module_ = property(
        lambda self: self._fitted_net().module_, doc="The trained torch module."
    )
    criterion_ = property(
        lambda self: self._fitted_net().criterion_, doc="The loss of the last fit."
    )
    optimizer_ = property(
        lambda self: self._fitted_net().optimizer_, doc="The torch optimizer."
    )
    callbacks_ = property(
        lambda self: self._fitted_net().callbacks_,
        doc="The initialized callbacks, as ``(name, callback)`` pairs.",
    )

    def save_params(self, **kwargs):
        """Save the module's, optimizer's and history's state (skorch's method).

        skorch's files hold one network: a fit of several (``n_networks``)
        is saved by pickling the estimator.

        Parameters
        ----------
        **kwargs : dict
            ``f_params``, ``f_optimizer``, ``f_criterion``, ``f_history``.
        """
        self._one_net("save_params").save_params(**kwargs)

    def load_params(self, **kwargs):
        """Load a state saved by :meth:`save_params` into the fitted net.

        The net must have been fitted (on data of the same shape), which sizes
        its module: ``fit`` with ``max_epochs=1``, then ``load_params``.

        Parameters
        ----------
        **kwargs : dict
            ``f_params``, ``f_optimizer``, ``f_criterion``, ``f_history``.
        """
        self._one_net("load_params").load_params(**kwargs)

    # ------------------------------------------------------------------
    # prediction
    # ------------------------------------------------------------------
    def predict_proba(self, X):
        """Class probabilities (softmax of the logits), columns in ``classes_`` order.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features, with the columns seen in fit.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1.
        """
        self._fitted_net()
        X = validate_data(self, X, reset=False, dtype=(np.float32, np.float64))
        proba = np.empty((len(X), len(self.classes_)))
        with _torch_threads(self.n_threads):
            # a chunk at a time: the float32 copy is one chunk, not all of X
            for start in range(0, len(X), _PREDICT_CHUNK):
                chunk = TensorData(
                    X[start : start + _PREDICT_CHUNK].astype(np.float32, copy=False)
                )
                proba[start : start + len(chunk)] = np.mean(
                    [net.predict_proba(chunk) for net in self.nets_], axis=0
                )
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Predicted class labels (the most probable class).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _check_networks_to_continue(n_networks, n_held):
    """A continued fit trains the networks it continues: a number set since
    that differs from theirs would be ignored, so it is an error."""
    if n_held and n_networks != "auto" and n_networks != n_held:
        raise ValueError(
            f"n_networks={n_networks!r}, but this fit continues the {n_held} "
            "fitted network(s) (warm_start or partial_fit). Set n_networks to "
            f"{n_held} or 'auto' to continue them, or fit anew with "
            "warm_start=False."
        )


class _Unset:
    """The value of a component parameter that one of two fits was not given."""

    def __repr__(self):
        return "'unset'"


_UNSET = _Unset()


def _check_built_with(built_with, now):
    """A continued fit trains the fitted networks: a parameter that built
    them and differs now would be ignored, so it is an error."""
    if built_with is None:
        return
    # another module makes the default MLP's parameters beside the point
    names = (
        ["module"]
        if not _same(built_with["module"], now["module"])
        else sorted(built_with.keys() | now.keys())
    )
    values = {
        name: (built_with.get(name, _UNSET), now.get(name, _UNSET)) for name in names
    }
    changed = [
        f"{name} ({before!r} -> {after!r})"
        for name, (before, after) in values.items()
        if not _same(before, after)
    ]
    if changed:
        raise ValueError(
            f"{', '.join(changed)} changed since the fitted network(s) were "
            "built; a continued fit (warm_start or partial_fit) trains their "
            "weights and optimizer state. Set the parameters back, or fit "
            "anew with warm_start=False."
        )


def _same(a, b):
    """Whether two parameter values are equal (arrays compared as a whole)."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError, RuntimeError):
        # arrays and tensors compare element by element
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))


def _check_callbacks(callbacks):
    """Each entry is a skorch callback (instance or class) or a (name, one) pair.

    Anything else would fail deep inside skorch, naming none of the entries.
    """
    for i, entry in enumerate(callbacks or ()):
        callback = _callback_of(entry)
        is_callback = isinstance(callback, Callback) or (
            isinstance(callback, type) and issubclass(callback, Callback)
        )
        named = not _is_named_pair(entry) or isinstance(entry[0], str)
        if not (is_callback and named):
            raise ValueError(
                "callbacks must hold skorch callbacks (skorch.callbacks.Callback "
                "instances or classes) or (name, callback) pairs; entry "
                f"{i} is {entry!r}."
            )


def _is_named_pair(entry):
    """Whether a ``callbacks`` entry is a (name, callback) pair (a tuple or a
    list, as skorch takes both)."""
    return isinstance(entry, (tuple, list)) and len(entry) == 2


def _validation_only(callback):
    """Whether a callback declares that it only works on validation scores."""
    return bool(getattr(callback, "validation_only", False))


def _callback_of(entry):
    """The callback of a ``callbacks`` entry: a callback or a (name, callback) pair."""
    return entry[1] if _is_named_pair(entry) else entry


def _named(callbacks):
    """``(name, callback)`` pairs of the user's callbacks, named as skorch does."""
    for entry in callbacks or ():
        callback = _callback_of(entry)
        if _is_named_pair(entry):
            name = entry[0]
        else:
            name = (callback if isinstance(callback, type) else type(callback)).__name__
        yield name, callback


def _needs_validation(callbacks):
    """Whether a callback of the user's may need the validation scores in a refit."""
    return any(not _validation_only(callback) for _, callback in _named(callbacks))


def _prefixed(prefix, params):
    return {f"{prefix}__{k}": v for k, v in params.items()}


def _feed(net, valid, batch_sampler, merge_lone_row=False):
    """Give the skorch net this fit's validation rows and batch scheme.

    Both are skorch parameters (``train_split``, ``iterator_train``), set as
    skorch's own ``set_params`` sets them; ``set_params`` itself would
    re-initialize an initialized net when an iterator parameter changes.
    """
    net.train_split = None if valid is None else predefined_split(valid)
    net.iterator_train = partial(
        BatchIterator, batch_sampler=batch_sampler, merge_lone_row=merge_lone_row
    )


def _classes(y, classes, owner):
    """The sorted labels of a first fit, checked."""
    labels = np.unique(y if classes is None else classes)
    if len(labels) < 2:
        raise ValueError(
            f"{owner} needs samples of at least 2 classes in y; "
            f"got 1 class ({plain_label(labels[0])!r})."
        )
    if len(y) < len(labels):
        raise ValueError(
            f"Fewer samples ({len(y)}) than classes ({len(labels)}): every "
            "class needs at least one training sample."
        )
    return labels


def _warn_of_lone_rows(counts, classes):
    """Warn when a class has one training row or none: nothing to learn it from."""
    lone = [(label, int(n)) for label, n in zip(classes, counts, strict=True) if n < 2]
    if lone:
        listed = ", ".join(f"class {plain_label(label)!r}: {n}" for label, n in lone)
        warnings.warn(
            f"NetClassifier trains on too few rows of a class to learn it ({listed} "
            "training rows, after the validation split and any sampler; rows of "
            "sample_weight 0 do not count). Its "
            "scores for that class are close to chance: collect more rows of it, "
            "or set train_split=None to train on every row.",
            UserWarning,
            stacklevel=5,
        )


def _mean_one(data):
    """``data`` with its row weights (if any) scaled to a mean of one."""
    if data.w is not None and len(data.w):
        data.w = data.w / data.w.mean()
    return data


def _per_class(y, values, classes):
    """The sum of ``values`` (a count without them) over each class's rows of ``y``."""
    if values is not None:
        values = np.asarray(values, dtype=np.float64)
    return np.bincount(y, weights=values, minlength=len(classes))
