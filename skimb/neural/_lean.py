"""skorch's per-batch bookkeeping, without the work that changes nothing."""

from functools import cache

import numpy as np
import torch
from skorch.callbacks import Callback
from skorch.dataset import get_len
from skorch.history import History
from skorch.utils import TeeGenerator

__all__ = ["BatchHistory", "LeanStepMixin"]


class BatchHistory(History):
    """skorch's History, writing each batch's row by plain list indexing.

    ``History.__getitem__`` parses every key as a possible slice of epochs,
    batches and columns; the two writes per batch only ever need the last
    batch of the last epoch. Reading is skorch's, unchanged.
    """

    def new_batch(self):
        list.__getitem__(self, -1)["batches"].append({})

    def record_batch(self, attr, value):
        list.__getitem__(self, -1)["batches"][-1][attr] = value


@cache
def _inherits_empty_hook(callback_class, method_name):
    return getattr(callback_class, method_name, None) is getattr(
        Callback, method_name, None
    )


def _is_callback_no_op(callback, method_name):
    """Whether ``callback``'s hook is skorch's empty ``Callback`` method."""
    return (
        isinstance(callback, Callback)
        and _inherits_empty_hook(type(callback), method_name)
        # skorch calls a hook set on the instance itself, so it is called
        and method_name not in getattr(callback, "__dict__", {})
    )


def _batch_len(batch):
    """skorch's ``get_len`` of a batch's inputs, directly for an array."""
    X = batch[0] if isinstance(batch, (tuple, list)) else batch
    if isinstance(X, (torch.Tensor, np.ndarray)):
        return len(X)
    return get_len(X)


def _clear_gradients(optimizer):
    """``optimizer.zero_grad()``: torch's own version without its wrappers.

    torch's ``Optimizer.zero_grad`` sets every gradient to None inside a
    profiler range and a compiler guard, which on a small net costs a few
    per cent of a step. An optimizer with its own ``zero_grad`` keeps it.
    """
    if type(optimizer).zero_grad is not torch.optim.Optimizer.zero_grad:
        optimizer.zero_grad()
        return
    for group in optimizer.param_groups:
        for parameter in group["params"]:
            parameter.grad = None


class LeanStepMixin:
    """A skorch net mixin that trains the same net with less per-batch work.

    On a small MLP the Python around each step is a large share of it, and
    some of that Python does nothing:

    - ``notify`` skips the callbacks whose hook is skorch's empty method;
    - the history is a :class:`BatchHistory`;
    - a batch of arrays is measured by its length, not by skorch's
      general ``get_len``;
    - optimizers that evaluate the loss once per step (Adam, SGD, ...) are
      stepped directly. skorch wraps every step in a closure and a step
      accumulator for optimizers such as LBFGS that evaluate it several
      times; those, and nets with several optimizers, keep skorch's path.

    The net's own hooks, every callback that does something, the history's
    contents and the random numbers drawn are skorch's, so the trained net is
    the same bit for bit.
    """

    def initialize_history(self):
        if isinstance(self.history_, BatchHistory):
            self.history_.clear()
        else:
            self.history_ = BatchHistory()
        return self

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        """skorch's epoch: each batch's loss and size recorded, hooks notified.

        The batch size of an array or tensor is its length; other inputs
        are measured by skorch's ``get_len``.
        """
        if iterator is None:
            return
        batch_count = 0
        for batch in iterator:
            self.notify("on_batch_begin", batch=batch, training=training)
            step = step_fn(batch, **fit_params)
            self.history.record_batch(prefix + "_loss", step["loss"].item())
            self.history.record_batch(prefix + "_batch_size", _batch_len(batch))
            self.notify("on_batch_end", batch=batch, training=training, **step)
            batch_count += 1
        self.history.record(prefix + "_batch_count", batch_count)

    def notify(self, method_name, **cb_kwargs):
        getattr(self, method_name)(self, **cb_kwargs)
        for _, callback in self.callbacks_:
            if not _is_callback_no_op(callback, method_name):
                getattr(callback, method_name)(self, **cb_kwargs)

    def train_step(self, batch, **fit_params):
        """One optimisation step on a batch; returns ``{"loss", "y_pred"}``.

        Parameters
        ----------
        batch : tuple
            ``(X_batch, y_batch)``.
        **fit_params : dict
            Passed to the module's ``forward``.

        Returns
        -------
        step : dict
            The loss and the predictions of the batch.
        """
        if self._optimizers != ["optimizer"] or isinstance(
            self.optimizer_, torch.optim.LBFGS
        ):
            return super().train_step(batch, **fit_params)
        _clear_gradients(self.optimizer_)
        step = self.train_step_single(batch, **fit_params)
        self.notify(
            "on_grad_computed",
            named_parameters=TeeGenerator(self.get_all_learnable_params()),
            batch=batch,
            training=True,
        )
        self.optimizer_.step()
        return step
