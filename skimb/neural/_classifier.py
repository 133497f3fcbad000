"""NetClassifier: a skorch classifier that learns from imbalanced data."""

import copy
import inspect
import numbers
import warnings
from contextlib import contextmanager
from functools import cache
from types import MappingProxyType

import numpy as np
import torch
from sklearn.base import BaseEstimator, clone
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data
from skorch import NeuralNetClassifier
from skorch.callbacks import EpochTimer, PassthroughScoring, PrintLog
from torch import nn
from torch.utils.data import DataLoader
from torch.utils.data import Dataset as TorchDataset

from ..weights import class_weight_array
from ._batch import BalancedBatchSampler
from ._data import BatchIterator, TensorData, as_tensor_data
from ._early_stopping import TieAwareEarlyStopping
from ._lean import LeanStepMixin
from ._losses import LOSSES, WEIGHT_NORMALIZATIONS, make_loss
from ._mlp import MLP
from ._mode import ModeOnChangeMixin
from ._scoring import ImbalanceScoring

__all__ = ["NetClassifier"]

_MONITORS = {
    "valid_ap": False,
    "valid_f2": False,
    "valid_bacc": False,
    "valid_loss": True,
    "train_loss": True,
}
_INFERENCE_BATCH = 1024


_FUSABLE = (torch.optim.Adam, torch.optim.AdamW)


def _softmax(logits):
    return torch.softmax(logits, dim=-1)


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


def _torch_seed():
    """A seed drawn from torch's RNG, which fit seeds from random_state."""
    return int(torch.randint(np.iinfo(np.int32).max, (1,)))


def _counts(data, n_classes):
    return np.bincount(data.y.numpy(), minlength=n_classes)


@cache
def _init_parameter_names(cls):
    return tuple(
        name
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and p.kind != p.VAR_KEYWORD
    )


def stratified_split(y, valid_fraction, rng):
    """Split row indices so that each class keeps its share in both parts.

    Every class with at least two rows puts at least one into the validation
    part and keeps at least one for training; a class with a single row stays
    in training.
    """
    train, valid = [], []
    for label in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == label))
        n_valid = int(round(valid_fraction * len(rows)))
        n_valid = min(max(n_valid, 1), len(rows) - 1)
        valid.append(rows[:n_valid])
        train.append(rows[n_valid:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(valid))


class NetClassifier(LeanStepMixin, ModeOnChangeMixin, NeuralNetClassifier):
    """PyTorch classifier for imbalanced data, with a scikit-learn interface.

    A skorch ``NeuralNetClassifier`` that needs no torch plumbing: it builds an
    :class:`~skimb.neural.MLP` sized from the data at fit time, takes numpy
    arrays or pandas frames of any numeric dtype and labels of any type,
    weights its loss by class, and stops early on the validation average
    precision, restoring the best weights.

    Parameters
    ----------
    module : torch.nn.Module class or instance, default=None
        The network; it must return one logit per class. ``None`` builds an
        :class:`~skimb.neural.MLP` with ``hidden_units`` and ``dropout``. A
        module class whose ``__init__`` takes ``n_features`` / ``n_classes``
        gets them from the data unless they are given as ``module__*``. A
        module instance is copied at each fit, so every fit starts from the
        same initial weights.
    hidden_units : tuple of int, default=(64, 64)
        Hidden layer widths of the default MLP.
    dropout : float, default=0.1
        Dropout of the default MLP: a little regularisation, which tabular
        data sets of a few thousand rows need.
    loss : str or torch.nn.Module, default="cross_entropy"
        ``"cross_entropy"``, ``"focal"`` (Lin et al. 2017, with ``gamma``),
        ``"logit_adjusted"`` (Menon et al. 2021, with ``tau``),
        ``"balanced_softmax"`` (Ren et al. 2020), ``"ldam"`` (Cao et al. 2019,
        with ``max_margin``), or a torch loss (class or instance) taking
        ``(logits, target)``. A loss class that accepts ``weight`` gets the
        class weights.
    class_weight : {"balanced", "inverse", "sqrt", "effective"}, dict, callable \
            or None, default="balanced"
        Class weights for the loss, computed from the ``y`` of each fit (see
        :func:`skimb.weights.compute_class_weight`). The default is
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
        ``sum(w_i l_i) / sum(w_i)``, torch's convention. The default is
        ``"dataset"`` because the batch's own mean shortchanges the rarest class
        whenever a batch seldom holds one of its rows (about one row in
        ``batch_size`` or rarer): the batches without one put their whole
        weight on the other classes. With balanced weights, batches of 64 and
        one rare row in 130, the rare class gets about 27 % of the gradient
        instead of half, so the net's 0.5 threshold sits far from the balanced
        point it is weighted for. With several rare rows per batch the two
        agree.
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
    lr : float, default=1e-3
        Learning rate.
    weight_decay : float, default=1e-3
        L2 penalty passed to the optimizer (unless ``optimizer__weight_decay``
        is given). Class weights act like copies of the rare rows, which a net
        memorises; the penalty keeps it from fitting them exactly. On the KEEL
        benchmark it raised the mean G-mean at the 0.5 threshold by about 0.02
        over three seeds (``benchmarks/bench_keel.py``; measured with
        ``weight_normalization="batch"``, the earlier default).
    max_epochs : int, default=100
        Maximum number of epochs.
    batch_size : int, default=64
        Mini-batch size (``-1``: the whole training set).
    batch_sampling : None, "balanced", "sqrt" or dict, default=None
        Class proportions of every training batch (see
        :class:`~skimb.neural.BalancedBatchSampler`): ``None`` shuffles;
        ``"balanced"`` gives each class the same number of rows per batch (small
        classes drawn with replacement); ``"sqrt"`` shares proportional to the
        square root of the class counts; a dict ``{label: share}``. Batches that
        are already balanced need no class weights: set ``class_weight=None``
        (a warning says so otherwise).
    sampler : imbalanced-learn sampler, default=None
        Resamples the training part only, after the validation split, so that
        early stopping and the validation scores see real, un-resampled rows.
        The class weights and class counts of the loss are then computed from
        the resampled training rows.
    train_split : "stratified", callable or None, default="stratified"
        ``"stratified"`` holds out ``valid_fraction`` of each class for
        validation scores and early stopping; ``None`` trains on all rows (early
        stopping then watches the training loss); a callable
        ``(dataset, y) -> (dataset_train, dataset_valid)`` as in skorch.
    valid_fraction : float, default=0.2
        Share of each class held out by the stratified split.
    early_stopping : bool, default=True
        Stop when ``monitor`` has not improved for ``patience`` epochs and
        restore the weights of the best epoch.
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
        rare-class validation rows (``make_imbalanced_pipeline`` uses 5).
    callbacks : list of skorch callbacks or (name, callback) pairs, default=None
        Added after the default callbacks.
    warm_start : bool, default=False
        Continue training from the current weights when ``fit`` is called again.
    verbose : int, default=0
        ``1`` prints a table of the epochs.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"``.
    compile : bool, default=False
        Compile the module with ``torch.compile``.
    random_state : int, RandomState instance or None, default=None
        Seeds torch (weights, dropout, batch order) and the validation split in
        ``fit``, inside a forked RNG so the caller's torch state is untouched.
    **kwargs
        skorch's prefixed parameters: ``module__*``, ``optimizer__*``,
        ``callbacks__*``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, in the order of the ``predict_proba`` columns.
    class_weight_ : ndarray of shape (n_classes,)
        The class weights of the last fit (ones when ``class_weight=None``).
    class_counts_ : ndarray of shape (n_classes,)
        The class counts the loss was built from: those of ``y``, or of the
        resampled training rows when ``sampler`` is set.
    train_class_counts_, valid_class_counts_ : ndarray of shape (n_classes,)
        Rows per class of the training part (after resampling) and of the
        validation part of the last fit.
    batch_sampler_ : BalancedBatchSampler or None
        The batch sampler of the last fit (``batch_sampling`` set).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of str
        Column names of a DataFrame seen in fit.
    module_ : torch.nn.Module
        The trained network.
    history_ : skorch.History
        Per-epoch losses and validation scores (``valid_ap``, ``valid_f2``,
        ``valid_bacc``, ``valid_recall``).

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

    # skorch reads these attributes; NetClassifier fixes them rather than
    # exposing them as parameters (the data path and the loss are its own).
    criterion = None
    classes = None
    dataset = None
    iterator_train = DataLoader
    iterator_valid = DataLoader
    use_caching = "auto"
    torch_load_kwargs = None
    predict_nonlinearity = staticmethod(_softmax)
    # skorch's state, created by skorch's __init__ there and by fit here
    initialized_ = False
    history_ = None
    virtual_params_ = MappingProxyType({})

    def __init__(
        self,
        module=None,
        *,
        hidden_units=(64, 64),
        dropout=0.1,
        loss="cross_entropy",
        class_weight="balanced",
        weight_normalization="dataset",
        beta=0.999,
        most=None,
        gamma=2.0,
        tau=1.0,
        max_margin=0.5,
        optimizer=torch.optim.Adam,
        lr=1e-3,
        weight_decay=1e-3,
        max_epochs=100,
        batch_size=64,
        batch_sampling=None,
        sampler=None,
        train_split="stratified",
        valid_fraction=0.2,
        early_stopping=True,
        monitor="valid_ap",
        patience=40,
        monitor_window=1,
        callbacks=None,
        warm_start=False,
        verbose=0,
        device="cpu",
        compile=False,
        random_state=None,
        **kwargs,
    ):
        self.module = module
        self.hidden_units = hidden_units
        self.dropout = dropout
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
        self.batch_size = batch_size
        self.batch_sampling = batch_sampling
        self.sampler = sampler
        self.train_split = train_split
        self.valid_fraction = valid_fraction
        self.early_stopping = early_stopping
        self.monitor = monitor
        self.patience = patience
        self.monitor_window = monitor_window
        self.callbacks = callbacks
        self.warm_start = warm_start
        self.verbose = verbose
        self.device = device
        self.compile = compile
        self.random_state = random_state
        vars(self).update(kwargs)

    __repr__ = BaseEstimator.__repr__

    def __setattr__(self, name, value):
        # A parameter is stored as given, even a torch module instance (module=,
        # loss=): skorch's registration of torch components is for the fitted
        # ``module_`` / ``criterion_`` attributes that initialize creates.
        if name in _init_parameter_names(type(self)):
            object.__setattr__(self, name, value)
        else:
            super().__setattr__(name, value)

    # ------------------------------------------------------------------
    # parameters
    # ------------------------------------------------------------------
    def _get_param_names(self):
        explicit = list(_init_parameter_names(type(self)))
        # every stored keyword is a parameter, so that clone carries it: a
        # misspelt one then fails loudly at fit instead of vanishing in a clone
        extra = [
            k
            for k in vars(self)
            if k not in explicit and not k.startswith("_") and not k.endswith("_")
        ]
        return sorted(explicit + extra)

    @property
    def _params_to_validate(self):
        # skorch checks the prefixed parameters against its known prefixes
        return {k for k in vars(self) if "__" in k and not k.endswith("_")}

    @property
    def classes_(self):
        try:
            return vars(self)["classes_"]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute 'classes_' before fit."
            ) from None

    @classes_.setter
    def classes_(self, value):
        vars(self)["classes_"] = value

    def _has_validation(self):
        """Whether this fit has validation rows (a split or validation_data)."""
        return (
            self.train_split is not None
            or getattr(self, "_given_validation", None) is not None
        )

    @property
    def _default_callbacks(self):
        has_valid = self._has_validation()
        callbacks = [
            ("epoch_timer", EpochTimer()),
            ("train_loss", PassthroughScoring(name="train_loss", on_train=True)),
        ]
        if has_valid:
            callbacks += [
                ("valid_loss", PassthroughScoring(name="valid_loss")),
                ("valid_scores", ImbalanceScoring()),
            ]
        if self.early_stopping:
            monitor = self.monitor if has_valid else "train_loss"
            callbacks.append(
                (
                    "early_stopping",
                    TieAwareEarlyStopping(
                        monitor=monitor,
                        lower_is_better=_MONITORS.get(monitor, False),
                        patience=self.patience,
                        window=self.monitor_window,
                    ),
                )
            )
        if self.verbose:
            # the table is formatted every epoch, for nothing when silent
            ignored = ["valid_recall", "valid_f1_per_class", "dynamic_shares"]
            callbacks.append(("print_log", PrintLog(keys_ignored=ignored)))
        return callbacks

    def set_params(self, **params):
        """Set parameters; ``callbacks`` is stored as given and checked at fit.

        Parameters
        ----------
        **params : dict
            Parameter names and values, as in ``get_params``.

        Returns
        -------
        self : NetClassifier
            This estimator.
        """
        if "callbacks" in params:
            self.callbacks = params.pop("callbacks")
        return super().set_params(**params)

    def _check_params(self):
        unknown = [
            k
            for k in vars(self)
            if "__" not in k
            and not k.startswith("_")
            and not k.endswith("_")
            and k not in _init_parameter_names(type(self))
        ]
        if unknown:
            raise TypeError(
                f"{type(self).__name__} got unexpected parameters {unknown}; "
                "component parameters need a prefix such as module__ or optimizer__."
            )
        if isinstance(self.loss, str) and self.loss not in LOSSES:
            raise ValueError(
                f"Unknown loss {self.loss!r}; use one of "
                f"{', '.join(map(repr, LOSSES))} or a torch loss module."
            )
        if self.weight_normalization not in WEIGHT_NORMALIZATIONS:
            raise ValueError(
                "weight_normalization must be one of "
                f"{list(WEIGHT_NORMALIZATIONS)}; got {self.weight_normalization!r}."
            )
        if self.monitor not in _MONITORS:
            raise ValueError(
                f"monitor must be one of {list(_MONITORS)}; got {self.monitor!r}."
            )
        if not (
            self.train_split is None
            or self.train_split == "stratified"
            or callable(self.train_split)
        ):
            raise ValueError(
                "train_split must be 'stratified', None or a callable; "
                f"got {self.train_split!r}."
            )
        shares = self.batch_sampling
        if not (
            shares is None or shares in ("balanced", "sqrt") or isinstance(shares, dict)
        ):
            raise ValueError(
                "batch_sampling must be None, 'balanced', 'sqrt' or a dict of class "
                f"shares; got {shares!r}."
            )
        if self.sampler is not None and not hasattr(self.sampler, "fit_resample"):
            raise ValueError(
                "sampler must be an imbalanced-learn style sampler with "
                f"fit_resample; got {type(self.sampler).__name__}."
            )
        fraction = self.valid_fraction
        if not isinstance(fraction, numbers.Real) or not 0.0 < fraction < 1.0:
            raise ValueError(
                f"valid_fraction must be a float in (0, 1); got {fraction!r}."
            )
        for name in ("max_epochs", "patience", "monitor_window"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{name} must be an int >= 1; got {value!r}.")
        if not isinstance(self.batch_size, numbers.Integral) or not (
            self.batch_size >= 1 or self.batch_size == -1
        ):
            raise ValueError(
                f"batch_size must be an int >= 1 or -1; got {self.batch_size!r}."
            )

    # ------------------------------------------------------------------
    # fitting
    # ------------------------------------------------------------------
    def fit(self, X, y, *, validation_data=None, **fit_params):
        """Train the network from scratch (unless ``warm_start``) on ``X, y``.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features of any float or int dtype (used as float32).
        y : array-like of shape (n_samples,)
            Class labels of any type.
        validation_data : tuple (X_valid, y_valid), default=None
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
        X, y_encoded = self._prepare_training_data(X, y, reset=True)
        self._given_validation = self._prepare_validation_data(validation_data)
        try:
            with _torch_rng(self.random_state, self.device):
                if not (self.warm_start and self.initialized_):
                    self.initialize()
                elif self._validation_changed():
                    self.initialize_callbacks()
                super().partial_fit(X, y_encoded, **fit_params)
        finally:
            del self._given_validation
        return self

    def _validation_changed(self):
        """Whether a warm start gains or loses the validation scores it had."""
        had_valid = "valid_scores" in dict(self.callbacks_)
        return had_valid != self._has_validation()

    def _prepare_validation_data(self, validation_data):
        if validation_data is None:
            return None
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise ValueError(
                "validation_data must be a pair (X_valid, y_valid); got "
                f"{type(validation_data).__name__}."
            )
        X_valid, y_valid = validation_data
        X_valid = validate_data(
            self, X_valid, reset=False, dtype=(np.float32, np.float64)
        )
        y_valid = np.asarray(y_valid)
        if len(y_valid) != len(X_valid) or len(y_valid) == 0:
            raise ValueError(
                "validation_data needs as many labels as rows, and at least one "
                f"row; got {len(X_valid)} rows and {len(y_valid)} labels."
            )
        return TensorData(X_valid.astype(np.float32, copy=False), self._encode(y_valid))

    def partial_fit(self, X, y, classes=None, **fit_params):
        """Train for ``max_epochs`` more epochs, initializing on the first call.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Numeric features.
        y : array-like of shape (n_samples,)
            Class labels.
        classes : array-like, default=None
            All the classes, needed on the first call when ``y`` lacks some.
        **fit_params : dict
            Passed to the module's ``forward``.

        Returns
        -------
        self : NetClassifier
            The updated classifier.
        """
        first_call = not self.initialized_
        X, y_encoded = self._prepare_training_data(
            X, y, reset=first_call, classes=classes
        )
        with _torch_rng(self.random_state, self.device):
            super().partial_fit(X, y_encoded, **fit_params)
        return self

    def _prepare_training_data(self, X, y, *, reset, classes=None):
        self._check_params()
        X, y = validate_data(
            self, X, y, reset=reset, dtype=(np.float32, np.float64), y_numeric=False
        )
        check_classification_targets(y)
        if reset:
            self._set_classes(y, classes)
        y_encoded = self._encode(y)
        if reset:
            self._set_class_statistics(y_encoded)
            if self.batch_sampling is not None and self.class_weight is not None:
                warnings.warn(
                    f"batch_sampling={self.batch_sampling!r} already re-balances the "
                    f"batches and class_weight={self.class_weight!r} weights the loss "
                    "as well; set class_weight=None unless both are intended.",
                    UserWarning,
                    stacklevel=3,
                )
        return X.astype(np.float32, copy=False), y_encoded

    def _set_class_statistics(self, y_encoded):
        """Class counts and weights from encoded labels (of this fit)."""
        k = len(self.classes_)
        self.class_counts_ = np.bincount(y_encoded, minlength=k)
        self.class_weight_ = class_weight_array(
            self.classes_[y_encoded],
            self.classes_,
            self.class_weight,
            beta=self.beta,
            most=self.most,
        )

    def _set_classes(self, y, classes):
        labels = np.unique(y if classes is None else classes)
        if len(labels) < 2:
            raise ValueError(
                f"{type(self).__name__} needs samples of at least 2 classes in y; "
                f"got 1 class ({labels[0]!r})."
            )
        if len(y) < len(labels):
            raise ValueError(
                f"Fewer samples ({len(y)}) than classes ({len(labels)}): every "
                "class needs at least one training sample."
            )
        self.classes_ = labels

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

    def initialize_module(self):
        """Build the network: the default MLP sized from the data, or ``module``."""
        kwargs = self.get_params_for("module")
        if self.module is None:
            if "classes_" not in vars(self):
                raise ValueError(
                    "NetClassifier sizes its default MLP from the data: call fit "
                    "instead of initialize, or pass a module."
                )
            self.module_ = MLP(
                n_features=self.n_features_in_,
                n_classes=len(self.classes_),
                **{
                    "hidden_units": self.hidden_units,
                    "dropout": self.dropout,
                    **kwargs,
                },
            )
        elif isinstance(self.module, nn.Module):
            module = copy.deepcopy(self.module)
            self.module_ = type(module)(**kwargs) if kwargs else module
        else:
            self.module_ = self.module(**{**self._data_shape_kwargs(), **kwargs})
        return self

    def _data_shape_kwargs(self):
        try:
            accepted = inspect.signature(self.module).parameters
        except (TypeError, ValueError):
            return {}
        shape = {}
        if "n_features" in accepted and "n_features_in_" in vars(self):
            shape["n_features"] = self.n_features_in_
        if "n_classes" in accepted and "classes_" in vars(self):
            shape["n_classes"] = len(self.classes_)
        return shape

    def initialize_criterion(self):
        """Build the loss from ``loss`` and the class weights of this fit."""
        weight = None
        if self.class_weight is not None and "class_weight_" in vars(self):
            weight = self.class_weight_
        loss = self.loss
        if isinstance(loss, str):
            counts = getattr(self, "class_counts_", None)
            criterion = make_loss(
                loss,
                counts,
                weight=weight,
                weight_normalization=self.weight_normalization,
                gamma=self.gamma,
                tau=self.tau,
                max_margin=self.max_margin,
            )
        elif isinstance(loss, nn.Module):
            if weight is not None:
                warnings.warn(
                    "class_weight is not applied to a loss instance; pass a loss "
                    "class to get the weights, or set class_weight=None.",
                    UserWarning,
                    stacklevel=2,
                )
            criterion = copy.deepcopy(loss)
        elif isinstance(loss, type) and issubclass(loss, nn.Module):
            kwargs = self.get_params_for("criterion")
            if weight is not None and "weight" in inspect.signature(loss).parameters:
                kwargs.setdefault(
                    "weight", torch.as_tensor(weight, dtype=torch.float32)
                )
            criterion = loss(**kwargs)
        else:
            raise ValueError(
                f"loss must be one of {list(LOSSES)} or a torch loss module; "
                f"got {loss!r}."
            )
        if isinstance(criterion, nn.NLLLoss):
            raise ValueError(
                "NetClassifier's modules return logits: use "
                "torch.nn.CrossEntropyLoss instead of NLLLoss."
            )
        self.criterion_ = criterion
        return self

    def get_params_for_optimizer(self, prefix, named_parameters):
        """Optimizer arguments, with ``weight_decay`` unless set explicitly."""
        args, kwargs = super().get_params_for_optimizer(prefix, named_parameters)
        optimizer = self.optimizer
        accepts = "weight_decay" in inspect.signature(optimizer).parameters
        if prefix == "optimizer" and accepts:
            kwargs.setdefault("weight_decay", self.weight_decay)
        if prefix == "optimizer" and optimizer in _FUSABLE:
            # one kernel for all parameters instead of a Python loop over them,
            # which weighs on the steps of the small networks skimb trains
            kwargs.setdefault(
                "fused", torch.device(self.device).type in ("cpu", "cuda")
            )
        return args, kwargs

    # ------------------------------------------------------------------
    # data path
    # ------------------------------------------------------------------
    def get_dataset(self, X, y=None):
        """Wrap ``X`` (and encoded ``y``) as tensors held once in memory."""
        if isinstance(X, TorchDataset):
            return X
        return TensorData(X, y)

    def get_split_datasets(self, X, y=None, **fit_params):
        """Split into training and validation data (stratified by default)."""
        dataset = self.get_dataset(X, y)
        given = getattr(self, "_given_validation", None)
        if given is not None:
            train, valid = dataset, given
        elif self.train_split is None:
            train, valid = dataset, None
        elif self.train_split == "stratified":
            train_rows, valid_rows = stratified_split(
                np.asarray(y), self.valid_fraction, np.random.default_rng(_torch_seed())
            )
            train, valid = dataset.take(train_rows), dataset.take(valid_rows)
        else:
            train, valid = self.train_split(dataset, y, **fit_params)
            train, valid = as_tensor_data(train), as_tensor_data(valid)
        if self.sampler is not None:
            train = self._resample(train)
        k = len(self.classes_)
        self.train_class_counts_ = _counts(train, k)
        self.valid_class_counts_ = None if valid is None else _counts(valid, k)
        return train, valid

    def _resample(self, train):
        """Resample the training rows and rebuild the loss on their classes."""
        sampler = clone(self.sampler)
        if "random_state" in sampler.get_params() and self.random_state is not None:
            sampler.set_params(random_state=_torch_seed())
        X_res, y_res = sampler.fit_resample(train.X.numpy(), train.y.numpy())
        resampled = TensorData(np.asarray(X_res, dtype=np.float32), np.asarray(y_res))
        self._set_class_statistics(resampled.y.numpy())
        self._initialize_criterion()
        return resampled

    def get_iterator(self, dataset, training=False):
        """Batches cut from tensors by indexing; skorch's loader for other data."""
        dataset = as_tensor_data(dataset)
        if not isinstance(dataset, TensorData):
            return super().get_iterator(dataset, training=training)
        batch_size = len(dataset) if self.batch_size == -1 else self.batch_size
        if not training:
            # outputs in eval mode do not depend on the batch size
            batch_size = max(batch_size, _INFERENCE_BATCH)
            return BatchIterator(dataset, batch_size=batch_size)
        self.batch_sampler_ = None
        if self.batch_sampling is not None and dataset.y is not None:
            self.batch_sampler_ = BalancedBatchSampler(
                dataset.y.numpy(),
                batch_size,
                shares=self._encoded_shares(),
                random_state=_torch_seed(),
            )
        return BatchIterator(
            dataset,
            batch_size=batch_size,
            shuffle=True,
            batch_sampler=self.batch_sampler_,
        )

    def _encoded_shares(self):
        shares = self.batch_sampling
        if not isinstance(shares, dict):
            return shares
        labels = self.classes_.tolist()
        unknown = [label for label in shares if label not in labels]
        if unknown:
            raise ValueError(
                f"batch_sampling names classes that are not in y: {unknown!r}; "
                f"the classes are {labels!r}."
            )
        return {labels.index(label): share for label, share in shares.items()}

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
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=(np.float32, np.float64))
        proba = super().predict_proba(X.astype(np.float32, copy=False))
        proba = proba.astype(np.float64)
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
