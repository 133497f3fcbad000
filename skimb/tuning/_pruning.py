"""Epoch-level pruning of Optuna trials from inside NetClassifier fits."""

import optuna
from skorch.callbacks import Callback

from ..neural import NetClassifier

__all__ = ["EpochPruning", "add_epoch_pruning"]


class _TrialLink:
    """What the pruning callbacks of one trial share: the trial and a step count."""

    def __init__(self, trial, first_step):
        self.trial = trial
        self.step = first_step


class EpochPruning(Callback):
    """Report a NetClassifier's per-epoch score to an Optuna trial and prune.

    The search adds it to every NetClassifier inside a trial's estimator. It
    survives ``clone``: a deep copy (which ``clone`` makes of a callbacks list,
    e.g. inside a ThresholdOptimizer's folds) shares the same trial and step
    counter instead of copying the study. Steps count up across all the fits
    of one outer fold, so reports never collide.

    Its scores are those of the fit that validates: a NetClassifier that
    then refits on all rows (its ``refit``) leaves the callback out of the
    refit (``validation_only``). A trial's networks thus train as the
    search's final estimator's do, and no training loss of a refit is
    reported.

    Parameters
    ----------
    link : object
        Holds ``trial`` (an ``optuna.Trial``) and the next ``step``.
    monitor : str, default="valid_ap"
        History key reported; the training loss is reported (negated) when the
        net has no validation split.

    Examples
    --------
    >>> from skimb.tuning import EpochPruning
    >>> EpochPruning(link=None).monitor
    'valid_ap'
    """

    #: a NetClassifier's refit on all rows leaves this callback out
    validation_only = True

    def __init__(self, link, monitor="valid_ap"):
        self.link = link
        self.monitor = monitor

    def __deepcopy__(self, memo):
        return type(self)(self.link, self.monitor)

    def on_epoch_end(self, net, **kwargs):
        row = net.history[-1]
        if self.monitor in row:
            value = float(row[self.monitor])
        else:
            value = -float(row["train_loss"])
        trial, step = self.link.trial, self.link.step
        self.link.step += 1
        trial.report(value, step)
        if trial.should_prune():
            raise optuna.TrialPruned(f"pruned at epoch step {step} ({value:.4f})")


def add_epoch_pruning(estimator, trial, first_step):
    """Add an EpochPruning callback to every NetClassifier inside ``estimator``.

    Returns the shared link (its ``step`` tells where the reports ended).
    """
    link = _TrialLink(trial, first_step)
    nets = {"": estimator} if isinstance(estimator, NetClassifier) else {}
    for name, value in estimator.get_params(deep=True).items():
        if isinstance(value, NetClassifier):
            nets[name] = value
    for name, net in nets.items():
        callbacks = list(net.callbacks or []) + [("optuna_pruning", EpochPruning(link))]
        if name:
            estimator.set_params(**{f"{name}__callbacks": callbacks})
        else:
            estimator.set_params(callbacks=callbacks)
    return link
