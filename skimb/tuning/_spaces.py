"""Ready-made search spaces."""

from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler

from .._pipeline import _PIPELINE_NUMERIC, NUMERIC_SCALINGS, make_preprocessor
from ..decision._threshold import OBJECTIVE_NAMES
from ..neural import LOSSES, NetClassifier, auto_batch_size, auto_learning_rate
from ..sampling import AugmentOverSampler, ClusterOverSampler

__all__ = ["SAMPLER_CHOICES", "imbalance_space"]

SAMPLER_CHOICES = (
    "none",
    "random_over",
    "random_under",
    "smote",
    "cluster_over",
    "augment",
)


def _sampler(trial, choice, random_state):
    if choice == "none":
        return None
    if choice == "random_over":
        return RandomOverSampler(random_state=random_state)
    if choice == "random_under":
        return RandomUnderSampler(random_state=random_state)
    if choice == "smote":
        k = trial.suggest_int("smote_k_neighbors", 1, 5)
        return SMOTE(k_neighbors=k, random_state=random_state)
    if choice == "cluster_over":
        new_rows = trial.suggest_categorical(
            "cluster_new_rows", ["copy", "interpolate"]
        )
        return ClusterOverSampler(new_rows=new_rows, random_state=random_state)
    method = trial.suggest_categorical("augment_method", ["gaussian", "mixup"])
    return AugmentOverSampler(method=method, random_state=random_state)


def _batch_sampling(trial, class_weight):
    """Balanced batches, drawn only for a trial without class weights.

    Both re-balance the classes, and NetClassifier warns when both are on:
    the space offers batch sampling as the alternative to class weights, not
    on top of them.
    """
    if class_weight != "none":
        return None
    batches = trial.suggest_categorical("batch_sampling", ["none", "balanced", "sqrt"])
    return None if batches == "none" else batches


def _check_known(given, known, what):
    """``given`` is a non-empty sequence of names, each one of ``known``."""
    known = tuple(known)
    if isinstance(given, str) or not given:
        raise ValueError(
            f"{what} must be a non-empty sequence of names such as "
            f"{known[:1]!r}; got {given!r}."
        )
    unknown = set(given) - set(known)
    if unknown:
        raise ValueError(f"Unknown {what} {sorted(unknown)}; choose from {known}.")


def _offered_default(default, choices):
    """A default the space offers: itself if among ``choices``, else the first."""
    return default if default in choices else choices[0]


def imbalance_space(
    *,
    net="net",
    threshold="objective",
    samplers=SAMPLER_CHOICES,
    losses=tuple(LOSSES),
    objectives=("f1", "f2", "balanced_accuracy"),
    preprocess=None,
    numerics=NUMERIC_SCALINGS,
    random_state=None,
    base=None,
):
    """A conditional space over the remedies for imbalance and the network.

    Draws, for a NetClassifier (possibly inside a pipeline and a
    ThresholdOptimizer): a sampler for its ``sampler`` parameter (none, random
    over / under, SMOTE with its ``k_neighbors``, cluster oversampling with its
    row generation, augmentation with its method; each sampler's parameters
    only when it is chosen), the class-weight scheme, the loss and its own
    parameter (``gamma``, ``tau``, ``max_margin``), batch sampling (only
    without class weights: both re-balance), width, depth, batch
    normalisation, dropout, learning rate, weight decay and epochs, the
    threshold objective, and (with ``preprocess``) how numeric columns are
    scaled.

    Parameters
    ----------
    net : str, default="net"
        ``set_params`` path of the NetClassifier (e.g. ``"net"`` for a
        pipeline step, ``"estimator__net"`` inside a ThresholdOptimizer).
    threshold : str or None, default="objective"
        Path of the ThresholdOptimizer's ``objective`` (``None``: no threshold).
    samplers : sequence of str, default=all of SAMPLER_CHOICES
        Which samplers to choose from.
    losses : sequence of str, default=all the NetClassifier losses
        Which losses to choose from.
    objectives : sequence of str, default=("f1", "f2", "balanced_accuracy")
        Threshold objectives to choose from.
    preprocess : str or None, default=None
        ``set_params`` path of a preprocessing step built by
        :func:`~skimb.make_preprocessor` (``"estimator__preprocess"`` in
        ``make_imbalanced_pipeline()``), replaced by
        ``make_preprocessor(numeric)`` with ``numeric`` drawn from ``numerics``;
        ``None``: the preprocessing is not searched. Which scaling suits a
        network depends on the columns' distributions (heavy tails, spikes),
        so it is a choice per data set like the others.
    numerics : sequence of str, default=skimb.NUMERIC_SCALINGS
        Numeric scalings to choose from.
    random_state : int or None, default=None
        Given to the samplers.
    base : NetClassifier, default=None
        The network whose parameters ``defaults`` records (``NetClassifier()``
        when None); pass the net of the estimator being searched, e.g. that
        of ``make_imbalanced_pipeline()``.

    Returns
    -------
    space : callable
        ``space(trial) -> dict`` of ``set_params`` parameters, for
        :class:`OptunaSearchCV`. Its attribute ``defaults`` holds the trial
        values of ``base``'s parameters (for NetClassifier's defaults: no
        sampler, balanced weights, cross-entropy, 64 x 64, ...; an ``"auto"``
        learning rate as 1e-3, its value at the batches of small tables), of the
        ThresholdOptimizer's default objective and of
        ``make_imbalanced_pipeline``'s ``"auto"`` scaling, for
        ``OptunaSearchCV(initial_trials=[space.defaults])``. A default that
        the choices leave out (no sampler, with ``samplers=("smote",)``) is
        replaced by the first choice, so every default is one the space draws.

    Examples
    --------
    >>> from optuna.trial import FixedTrial
    >>> from skimb.tuning import imbalance_space
    >>> space = imbalance_space(threshold=None)
    >>> params = space(FixedTrial({
    ...     "sampler": "none", "class_weight": "balanced", "loss": "focal",
    ...     "focal_gamma": 2.0, "width": 64, "depth": 2, "batch_norm": False,
    ...     "dropout": 0.1, "lr": 1e-3, "weight_decay": 1e-3,
    ...     "max_epochs": 100}))
    >>> params["net__hidden_units"], params["net__gamma"]
    ((64, 64), 2.0)
    """
    _check_known(samplers, SAMPLER_CHOICES, "samplers")
    _check_known(losses, LOSSES, "losses")
    if threshold is not None:
        _check_known(objectives, OBJECTIVE_NAMES, "objectives")
    _check_known(numerics, NUMERIC_SCALINGS, "numerics")
    if preprocess is None and tuple(numerics) != NUMERIC_SCALINGS:
        raise ValueError(
            "numerics chooses the scaling of a preprocessing step: give its path "
            "as preprocess= (e.g. 'estimator__preprocess')."
        )
    if base is not None and not isinstance(base, NetClassifier):
        raise ValueError(
            "base must be the NetClassifier whose defaults the space starts from "
            f"(e.g. model.get_params()['estimator__net']); got "
            f"{type(base).__name__}."
        )
    samplers, losses = tuple(samplers), tuple(losses)
    objectives, numerics = tuple(objectives), tuple(numerics)

    def space(trial):
        p = f"{net}__"
        choice = trial.suggest_categorical("sampler", list(samplers))
        params = {p + "sampler": _sampler(trial, choice, random_state)}
        weight = trial.suggest_categorical(
            "class_weight", ["none", "balanced", "sqrt", "effective"]
        )
        params[p + "class_weight"] = None if weight == "none" else weight
        loss = trial.suggest_categorical("loss", list(losses))
        params[p + "loss"] = loss
        if loss == "focal":
            params[p + "gamma"] = trial.suggest_float("focal_gamma", 0.5, 3.0)
        if loss == "logit_adjusted":
            params[p + "tau"] = trial.suggest_float("la_tau", 0.5, 2.0)
        if loss == "ldam":
            # the rare class's margin in logit units; around the paper's 0.5
            params[p + "max_margin"] = trial.suggest_float(
                "ldam_max_margin", 0.1, 2.0, log=True
            )
        params[p + "batch_sampling"] = _batch_sampling(trial, weight)
        width = trial.suggest_int("width", 16, 256, log=True)
        depth = trial.suggest_int("depth", 1, 3)
        params[p + "hidden_units"] = (width,) * depth
        params[p + "batch_norm"] = trial.suggest_categorical(
            "batch_norm", [False, True]
        )
        params[p + "dropout"] = trial.suggest_float("dropout", 0.0, 0.5)
        params[p + "lr"] = trial.suggest_float("lr", 1e-4, 1e-2, log=True)
        params[p + "weight_decay"] = trial.suggest_float(
            "weight_decay", 1e-4, 1e-1, log=True
        )
        params[p + "max_epochs"] = trial.suggest_int("max_epochs", 30, 150, step=10)
        if threshold is not None:
            params[threshold] = trial.suggest_categorical("objective", list(objectives))
        if preprocess is not None:
            numeric = trial.suggest_categorical("numeric", list(numerics))
            params[preprocess] = make_preprocessor(numeric)
        return params

    net_defaults = (NetClassifier() if base is None else base).get_params()
    space.defaults = {
        "sampler": _offered_default("none", samplers),
        "class_weight": net_defaults["class_weight"] or "none",
        "loss": _offered_default(net_defaults["loss"], losses),
        "width": net_defaults["hidden_units"][0],
        "depth": len(net_defaults["hidden_units"]),
        "batch_norm": net_defaults["batch_norm"],
        "dropout": net_defaults["dropout"],
        # the draws are numbers: "auto" stands as its value at small tables'
        # batches, where searches run
        "lr": (
            auto_learning_rate(auto_batch_size(0))
            if net_defaults["lr"] == "auto"
            else net_defaults["lr"]
        ),
        "weight_decay": net_defaults["weight_decay"],
        "max_epochs": net_defaults["max_epochs"],
    }
    if space.defaults["class_weight"] == "none":
        space.defaults["batch_sampling"] = net_defaults["batch_sampling"] or "none"
    if threshold is not None:
        # the ThresholdOptimizer's own default when it is on offer
        space.defaults["objective"] = _offered_default("f2", objectives)
    if preprocess is not None:
        # make_imbalanced_pipeline's scaling when it is on offer
        space.defaults["numeric"] = _offered_default(_PIPELINE_NUMERIC, numerics)
    return space
