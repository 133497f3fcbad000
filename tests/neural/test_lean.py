import numpy as np
import pytest
import torch
from skorch import NeuralNetClassifier
from skorch.callbacks import Callback
from skorch.history import History

from skimb.neural import NetClassifier
from skimb.neural._lean import BatchHistory, _batch_len

PARAMS = {"hidden_units": (16,), "dropout": 0.2, "max_epochs": 4}


class _SkorchBookkeeping(NetClassifier):
    """NetClassifier with skorch's own epoch loop, notify, history and step."""

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        return NeuralNetClassifier.run_single_epoch(
            self, iterator, training, prefix, step_fn, **fit_params
        )

    def notify(self, method_name, **cb_kwargs):
        return NeuralNetClassifier.notify(self, method_name, **cb_kwargs)

    def initialize_history(self):
        return NeuralNetClassifier.initialize_history(self)

    def train_step(self, batch, **fit_params):
        return NeuralNetClassifier.train_step(self, batch, **fit_params)


class _Counting(Callback):
    """Counts the batches it is told about, and the gradients it sees."""

    def initialize(self):
        self.batches_ = 0
        self.gradient_checks_ = 0
        return self

    def on_batch_end(self, net, batch=None, training=None, **kwargs):
        self.batches_ += 1

    def on_grad_computed(self, net, named_parameters, **kwargs):
        self.gradient_checks_ += all(p.grad is not None for _, p in named_parameters)


class _CountingZeroGradAdam(torch.optim.Adam):
    calls = 0

    def zero_grad(self, set_to_none=True):
        type(self).calls += 1
        super().zero_grad(set_to_none)


def test_lean_step_trains_the_net_skorch_trains(binary_data, seed):
    """The lean bookkeeping trains skorch's net bit for bit, with its history."""
    X, y = binary_data
    lean = NetClassifier(**PARAMS, random_state=seed).fit(X, y)
    skorch_way = _SkorchBookkeeping(**PARAMS, random_state=seed).fit(X, y)
    np.testing.assert_array_equal(lean.predict_proba(X), skorch_way.predict_proba(X))
    assert lean.history.to_list() == [
        {**row, "dur": lean_row["dur"]}
        for row, lean_row in zip(skorch_way.history.to_list(), lean.history.to_list())
    ]


def test_history_is_a_batch_history_after_refit(binary_data):
    """The history is a BatchHistory, and a refit starts it afresh."""
    X, y = binary_data
    net = NetClassifier(**PARAMS, random_state=0).fit(X, y)
    first = net.history_
    net.fit(X, y)
    assert isinstance(net.history_, BatchHistory) and net.history_ is first
    assert len(net.history_) == PARAMS["max_epochs"]


def test_batch_history_writes_what_history_writes():
    """BatchHistory's per-batch writes give History's rows, and read alike."""
    histories = [History(), BatchHistory()]
    for history in histories:
        for epoch in range(2):
            history.new_epoch()
            for batch in range(3):
                history.new_batch()
                history.record_batch("train_loss", epoch + batch / 10)
                history.record_batch("train_batch_size", 8)
            history.record("epoch", epoch)
    plain, lean = histories
    assert lean.to_list() == plain.to_list()
    assert lean[:, "batches", :, "train_loss"] == plain[:, "batches", :, "train_loss"]


def test_callbacks_with_hooks_are_called(binary_data):
    """A callback's own batch and gradient hooks run on every batch."""
    X, y = binary_data
    net = NetClassifier(
        **PARAMS, early_stopping=False, callbacks=[("counting", _Counting())]
    ).fit(X, y)
    counting = dict(net.callbacks_)["counting"]
    n_batches = sum(row["train_batch_count"] for row in net.history)
    n_valid_batches = sum(row.get("valid_batch_count", 0) for row in net.history)
    assert counting.batches_ == n_batches + n_valid_batches
    assert counting.gradient_checks_ == n_batches


def test_hook_set_on_a_callback_instance_is_called(binary_data):
    """A hook assigned to a callback instance runs, as skorch's notify runs it."""
    X, y = binary_data
    calls = []
    callback = Callback()
    callback.on_epoch_end = lambda net, **kwargs: calls.append(len(net.history))
    NetClassifier(**PARAMS, callbacks=[("probe", callback)]).fit(X, y)
    assert calls == list(range(1, PARAMS["max_epochs"] + 1))


@pytest.mark.parametrize("optimizer", [torch.optim.Adam, torch.optim.SGD])
def test_gradients_are_cleared_before_each_step(binary_data, optimizer):
    """Gradients do not accumulate across batches: one step, one gradient."""
    X, y = binary_data
    lean = NetClassifier(**PARAMS, optimizer=optimizer, random_state=0).fit(X, y)
    skorch_way = _SkorchBookkeeping(**PARAMS, optimizer=optimizer, random_state=0)
    skorch_way.fit(X, y)
    np.testing.assert_array_equal(lean.predict_proba(X), skorch_way.predict_proba(X))


def test_optimizer_with_its_own_zero_grad_keeps_it(binary_data):
    """An optimizer that overrides zero_grad has it called once per step."""
    X, y = binary_data
    _CountingZeroGradAdam.calls = 0
    net = NetClassifier(**PARAMS, optimizer=_CountingZeroGradAdam).fit(X, y)
    assert _CountingZeroGradAdam.calls == sum(
        row["train_batch_count"] for row in net.history
    )


@pytest.mark.parametrize(
    "batch, expected",
    [
        ((torch.zeros(5, 2), torch.zeros(5)), 5),
        ((np.zeros((3, 2)), None), 3),
        (torch.zeros(4, 2), 4),
        (({"a": torch.zeros(6, 1), "b": torch.zeros(6, 3)}, torch.zeros(6)), 6),
    ],
)
def test_batch_len_is_skorch_batch_size(batch, expected):
    """A batch's size is its inputs' number of rows, dict inputs included."""
    assert _batch_len(batch) == expected


def test_batch_len_rejects_inconsistent_dict_inputs():
    """Dict inputs of different lengths are an error, as in skorch."""
    batch = ({"a": torch.zeros(6, 1), "b": torch.zeros(5, 1)}, None)
    with pytest.raises(ValueError, match="consistent lengths"):
        _batch_len(batch)
