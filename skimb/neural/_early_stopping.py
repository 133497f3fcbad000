"""Early stopping that keeps the latest of equally good epochs."""

import numbers
from copy import deepcopy

import numpy as np
from skorch.callbacks import EarlyStopping

__all__ = ["TieAwareEarlyStopping"]


class TieAwareEarlyStopping(EarlyStopping):
    """skorch's ``EarlyStopping`` where a tie moves the best epoch forward.

    Threshold-free ranking scores such as the validation average precision
    plateau on small validation splits (often at 1.0). A tie does not reset
    the patience, so a plateau still ends training, but the weights kept are
    those of the latest epoch with the best score: it scores the same and has
    trained longer, so its decision threshold has settled further.

    With ``window > 1`` the score compared is the mean of the monitored value
    over the last ``window`` epochs (fewer at the start). A validation average
    precision over a handful of rare-class rows jumps from epoch to epoch, and
    the single best epoch of such a curve is often a lucky early one (a net
    stopped after two epochs because two validation positives happened to rank
    first); the moving average follows the trend instead (the smoothed stopping
    criteria of Prechelt, "Early stopping - but when?", 1998).

    Parameters
    ----------
    monitor : str, default="valid_ap"
        History key to watch.
    lower_is_better : bool, default=False
        Direction of ``monitor``.
    patience : int, default=20
        Epochs without strict improvement before stopping.
    load_best : bool, default=True
        Restore the kept weights when training ends.
    sink : callable, default=print
        Where messages go (when the net is verbose).
    window : int, default=1
        Epochs averaged into the compared score; ``1`` compares each epoch's
        own score.

    Examples
    --------
    >>> from skimb.neural import TieAwareEarlyStopping
    >>> TieAwareEarlyStopping(patience=5).patience
    5
    """

    def __init__(
        self,
        monitor="valid_ap",
        lower_is_better=False,
        patience=20,
        load_best=True,
        sink=print,
        window=1,
    ):
        self.window = window
        super().__init__(
            monitor=monitor,
            lower_is_better=lower_is_better,
            patience=patience,
            threshold=0.0,
            threshold_mode="abs",
            load_best=load_best,
            sink=sink,
        )

    def on_train_begin(self, net, **kwargs):
        if not isinstance(self.window, numbers.Integral) or self.window < 1:
            raise ValueError(f"window must be an int >= 1; got {self.window!r}.")
        return super().on_train_begin(net, **kwargs)

    def _smoothed_score(self, net):
        if self.window == 1:
            return net.history[-1, self.monitor]
        recent = net.history[-self.window :, self.monitor]
        return float(np.mean(recent))

    def on_epoch_end(self, net, **kwargs):
        score = self._smoothed_score(net)
        improved = self._is_score_improved(score)
        if improved or score == self.dynamic_threshold_:
            self.best_epoch_ = net.history[-1, "epoch"]
            if self.load_best:
                self.best_model_weights_ = deepcopy(net.module_.state_dict())
        if improved:
            self.misses_ = 0
            self.dynamic_threshold_ = score
        else:
            self.misses_ += 1
        if self.misses_ == self.patience:
            if net.verbose:
                self._sink(
                    f"Stopping since {self.monitor} has not improved in the last "
                    f"{self.patience} epochs.",
                    verbose=net.verbose,
                )
            raise KeyboardInterrupt
