"""Early stopping that keeps the latest of equally good epochs."""

import numbers
from copy import deepcopy

import numpy as np
from skorch.callbacks import Callback

__all__ = ["TieAwareEarlyStopping", "compare_scores"]


def compare_scores(score, best, lower_is_better):
    """``"better"``, ``"tie"`` or ``"worse"``: ``score`` against ``best``.

    Parameters
    ----------
    score : float
        The new score.
    best : float or None
        The best score so far; None (nothing yet) makes any score better.
    lower_is_better : bool
        Direction of the score.

    Returns
    -------
    verdict : {"better", "tie", "worse"}

    Examples
    --------
    >>> from skimb.neural import compare_scores
    >>> compare_scores(0.8, 0.8, lower_is_better=False)
    'tie'
    """
    if best is None or np.isnan(best):
        return "better"
    if score == best:
        return "tie"
    improved = score < best if lower_is_better else score > best
    return "better" if improved else "worse"


class TieAwareEarlyStopping(Callback):
    """Early stopping where a tie moves the best epoch forward.

    Training stops when the monitored score has not strictly improved for
    ``patience`` epochs, and the weights of the best epoch are restored.
    Threshold-free ranking scores such as the validation average precision
    plateau on small validation splits (often at 1.0). A tie does not reset
    the patience, so a plateau still ends training, but the weights kept are
    those of the latest epoch with the best score: it scores the same and has
    trained longer, so its decision threshold has settled further.

    With ``window > 1`` the score compared is the mean of the monitored value
    over the last ``window`` epochs (fewer at the start). A validation average
    precision over a handful of rare-class rows jumps from epoch to epoch, and
    the single best epoch of such a curve is often a lucky early one; the
    moving average follows the trend instead (the smoothed stopping criteria
    of Prechelt, "Early stopping - but when?", 1998).

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
        Where the stopping message goes (when the net is verbose).
    window : int, default=1
        Epochs averaged into the compared score; ``1`` compares each epoch's
        own score.

    Attributes
    ----------
    best_score_ : float
        The best (smoothed) score of this training.
    best_epoch_ : int
        The epoch whose weights are kept.
    misses_ : int
        Epochs since the last strict improvement.

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
        self.monitor = monitor
        self.lower_is_better = lower_is_better
        self.patience = patience
        self.load_best = load_best
        self.sink = sink
        self.window = window

    def on_train_begin(self, net, **kwargs):
        for name in ("patience", "window"):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{name} must be an int >= 1; got {value!r}.")
        self.best_score_ = None
        self.best_epoch_ = None
        self.misses_ = 0
        self.best_weights_ = None

    def _smoothed_score(self, net):
        recent = net.history[-self.window :, self.monitor]
        return float(np.mean(recent))

    def on_epoch_end(self, net, **kwargs):
        score = self._smoothed_score(net)
        verdict = compare_scores(score, self.best_score_, self.lower_is_better)
        if verdict != "worse":
            self.best_epoch_ = net.history[-1, "epoch"]
            if self.load_best:
                self.best_weights_ = deepcopy(net.module_.state_dict())
        if verdict == "better":
            self.best_score_ = score
            self.misses_ = 0
        else:
            self.misses_ += 1
        if self.misses_ >= self.patience:
            if net.verbose:
                self.sink(
                    f"Stopping since {self.monitor} has not improved in the last "
                    f"{self.patience} epochs."
                )
            # skorch's documented way for a callback to end training
            raise KeyboardInterrupt

    def on_train_end(self, net, **kwargs):
        if not self.load_best or self.best_weights_ is None:
            return
        if self.best_epoch_ != net.history[-1, "epoch"]:
            net.module_.load_state_dict(self.best_weights_)
            if net.verbose:
                self.sink(f"Restoring the weights of epoch {self.best_epoch_}.")
        self.best_weights_ = None
