"""Setting a skorch net's train/eval mode only when it changes."""

from torch import nn

__all__ = ["ModeOnChangeMixin"]


class ModeOnChangeMixin:
    """A skorch net mixin whose modules change mode only when they must.

    skorch sets the train or eval mode before every batch, and torch's
    ``.train()`` walks the whole module tree each time: about a tenth of an
    epoch of a small MLP. Setting a mode the modules are already in changes
    nothing, so it is skipped.
    """

    def _set_training(self, training=True):
        components = [
            getattr(self, name + "_", None) for name in self._modules + self._criteria
        ]
        if all(
            not isinstance(c, nn.Module) or c.training == training for c in components
        ):
            return
        super()._set_training(training)
