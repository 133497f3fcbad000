"""Progress of a long fit: the time an epoch takes and the time left."""

import time

from skorch.callbacks import Callback

__all__ = ["TimeLeft"]


class TimeLeft(Callback):
    """Record ``time_left``: the seconds the remaining epochs would take.

    After each epoch, the mean duration of this fit's epochs times the epochs
    still allowed (``net.max_epochs`` of this fit). It is an upper bound:
    early stopping may end training sooner. skorch's epoch table prints it,
    so a verbose NetClassifier says after every epoch how long it may still
    run.

    Examples
    --------
    >>> from skimb.neural import NetClassifier
    >>> net = NetClassifier(max_epochs=5, verbose=1)  # prints time_left
    """

    def on_train_begin(self, net, **kwargs):
        self.started_ = time.perf_counter()
        self.epochs_done_ = 0

    def on_epoch_end(self, net, **kwargs):
        self.epochs_done_ += 1
        per_epoch = (time.perf_counter() - self.started_) / self.epochs_done_
        remaining = max(net.max_epochs - self.epochs_done_, 0)
        net.history.record("time_left", round(per_epoch * remaining))
