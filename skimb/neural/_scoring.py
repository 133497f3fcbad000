"""Per-epoch validation scores that stay informative on imbalanced data."""

import warnings

import numpy as np
import torch
from sklearn.metrics import fbeta_score, precision_recall_fscore_support
from skorch.callbacks import Callback

from ..metrics import UndefinedScoreWarning, pr_auc_score
from ._data import split_targets
from ._tabm import class_probabilities

__all__ = ["ImbalanceScoring"]


class ImbalanceScoring(Callback):
    """Record validation scores suited to imbalance in ``net.history``.

    After every epoch, from the logits the validation step already computed
    (no second forward pass), it records:

    - ``valid_ap``: average precision of the positive class (binary) or the
      one-vs-rest macro average (multiclass);
    - ``valid_f2``: F2 of the positive class (binary) or macro F2, of the
      argmax predictions;
    - ``valid_bacc``: balanced accuracy (mean per-class recall);
    - ``valid_recall`` and ``valid_f1_per_class``: lists of per-class recall
      and F1, in ``classes_`` order (kept out of the printed table).

    Examples
    --------
    >>> from skimb.neural import ImbalanceScoring
    >>> ImbalanceScoring().keys
    ('valid_ap', 'valid_f2', 'valid_bacc', 'valid_recall', 'valid_f1_per_class')
    """

    keys = ("valid_ap", "valid_f2", "valid_bacc", "valid_recall", "valid_f1_per_class")

    def on_epoch_begin(self, net, **kwargs):
        self.logits_, self.targets_ = [], []

    def on_batch_end(self, net, batch=None, training=False, **step):
        if training:
            return
        self.logits_.append(step["y_pred"].detach().float().cpu())
        self.targets_.append(batch[1].cpu())

    def on_epoch_end(self, net, **kwargs):
        if not self.logits_:
            return
        # an ensemble's members are scored by their mean probabilities
        proba = class_probabilities(torch.cat(self.logits_)).numpy()
        y, w = split_targets(torch.cat(self.targets_))
        weight = None if w is None else w.numpy()
        for key, value in epoch_scores(y.numpy(), proba, weight).items():
            net.history.record(key, value)
        self.logits_, self.targets_ = [], []


def epoch_scores(y, proba, sample_weight=None):
    """The scores of :class:`ImbalanceScoring` for encoded ``y`` and ``proba``,
    each row counted with its weight."""
    labels = np.arange(proba.shape[1])
    pred = proba.argmax(axis=1)
    precision, recall, f1, support = precision_recall_fscore_support(
        y, pred, labels=labels, zero_division=0, sample_weight=sample_weight
    )
    f2 = fbeta_score(
        y,
        pred,
        beta=2,
        labels=labels,
        average=None,
        zero_division=0,
        sample_weight=sample_weight,
    )
    present = support > 0
    with warnings.catch_warnings():
        # a class absent from a small validation split is scored as 0
        warnings.simplefilter("ignore", UndefinedScoreWarning)
        ap = pr_auc_score(
            y, proba, pos_label=1, labels=labels, sample_weight=sample_weight
        )
    return {
        "valid_ap": ap,
        "valid_f2": float(f2[1] if len(labels) == 2 else f2[present].mean()),
        "valid_bacc": float(recall[present].mean()),
        "valid_recall": recall.tolist(),
        "valid_f1_per_class": f1.tolist(),
    }
