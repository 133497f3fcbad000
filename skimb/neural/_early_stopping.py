"""Early stopping that keeps the latest of equally good epochs."""

from copy import deepcopy

from skorch.callbacks import EarlyStopping

__all__ = ["TieAwareEarlyStopping"]


class TieAwareEarlyStopping(EarlyStopping):
    """skorch's ``EarlyStopping`` where a tie moves the best epoch forward.

    Threshold-free ranking scores such as the validation average precision
    plateau on small validation splits (often at 1.0). A tie does not reset
    the patience, so a plateau still ends training, but the weights kept are
    those of the latest epoch with the best score: it scores the same and has
    trained longer, so its decision threshold has settled further.

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
    ):
        super().__init__(
            monitor=monitor,
            lower_is_better=lower_is_better,
            patience=patience,
            threshold=0.0,
            threshold_mode="abs",
            load_best=load_best,
            sink=sink,
        )

    def on_epoch_end(self, net, **kwargs):
        score = net.history[-1, self.monitor]
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
