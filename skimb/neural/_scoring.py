"""Per-epoch validation scores that stay informative on imbalanced data."""

import numpy as np
import torch
from skorch.callbacks import Callback

from ..metrics._fast import (
    confusion_counts,
    fbeta_from_rates,
    macro_average_precision,
    per_class_rates,
)

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
        proba = torch.softmax(torch.cat(self.logits_), dim=1).numpy()
        y = torch.cat(self.targets_).numpy()
        for key, value in epoch_scores(y, proba).items():
            net.history.record(key, value)
        self.logits_, self.targets_ = [], []


def epoch_scores(y, proba):
    """The scores of :class:`ImbalanceScoring` for encoded ``y`` and ``proba``."""
    n_classes = proba.shape[1]
    cm = confusion_counts(y, proba.argmax(axis=1), n_classes)
    recall, precision = per_class_rates(cm)
    f2 = fbeta_from_rates(precision, recall, 2.0)
    present = cm.sum(axis=1) > 0
    ap = macro_average_precision(y, proba)
    return {
        # an undefined AP (positive class absent from validation) scores 0 so
        # that early stopping still compares numbers
        "valid_ap": 0.0 if np.isnan(ap) else ap,
        "valid_f2": float(f2[1] if n_classes == 2 else f2[present].mean()),
        "valid_bacc": float(recall[present].mean()),
        "valid_recall": recall.tolist(),
        "valid_f1_per_class": fbeta_from_rates(precision, recall, 1.0).tolist(),
    }
