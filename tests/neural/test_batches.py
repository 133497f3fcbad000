import numpy as np
import pytest
import torch
from skorch.callbacks import Callback
from torch.utils.data import DataLoader, TensorDataset

from skimb.neural import (
    BalancedBatchSampler,
    BatchIterator,
    DynamicSampling,
    NetClassifier,
    TensorData,
    class_shares,
)

Y = np.array([0] * 90 + [1] * 9 + [2] * 1)


def _net(**params):
    return NetClassifier(
        **{"hidden_units": (8,), "max_epochs": 4, "random_state": 0, **params}
    )


def test_balanced_batches_have_exact_counts():
    """Every 'balanced' batch holds exactly the same rows per class (up to rounding)."""
    sampler = BalancedBatchSampler(Y, batch_size=12, random_state=0)
    batches = list(sampler)
    assert len(batches) == len(sampler) == 9
    for batch in batches:
        assert np.bincount(Y[batch], minlength=3).tolist() == [4, 4, 4]


def test_rounding_keeps_batch_size():
    """With a batch size not divisible by K, counts differ by at most one."""
    for batch in BalancedBatchSampler(Y, batch_size=10, random_state=0):
        counts = np.bincount(Y[batch], minlength=3)
        assert counts.sum() == 10 and counts.max() - counts.min() <= 1


def test_sqrt_and_dict_shares():
    """'sqrt' follows the square roots of the counts; a dict is used as given."""
    expected = np.sqrt([90, 9, 1]) / np.sqrt([90, 9, 1]).sum()
    np.testing.assert_allclose(class_shares([90, 9, 1], "sqrt"), expected)
    sampler = BalancedBatchSampler(Y, batch_size=20, shares={0: 0.5, 1: 0.25, 2: 0.25})
    for batch in sampler:
        assert np.bincount(Y[batch], minlength=3).tolist() == [10, 5, 5]


def test_minority_rows_repeat_evenly_and_redraw():
    """Small classes are drawn with replacement, evenly, and re-drawn each epoch."""
    sampler = BalancedBatchSampler(Y, batch_size=12, random_state=0)
    first = np.concatenate(list(sampler))
    second = np.concatenate(list(sampler))
    minority = np.bincount(first[Y[first] == 1], minlength=99)[90:99]
    assert minority.max() - minority.min() <= 1
    assert not np.array_equal(first, second)


def test_works_in_plain_dataloader():
    """The sampler drives a plain torch DataLoader."""
    data = TensorDataset(torch.arange(len(Y)), torch.as_tensor(Y))
    loader = DataLoader(data, batch_sampler=BalancedBatchSampler(Y, 6, random_state=0))
    for _, yb in loader:
        assert torch.bincount(yb, minlength=3).tolist() == [2, 2, 2]


def test_net_trains_on_balanced_batches(binary_data):
    """NetClassifier(batch_sampling='balanced') feeds balanced batches."""
    X, y = binary_data
    net = _net(batch_sampling="balanced", class_weight=None).fit(X, y)
    sampler = net.batch_sampler_
    train_y = sampler.y
    for batch in sampler:
        assert np.bincount(train_y[batch]).tolist() == [32, 32]


def test_batch_sampling_with_weights_warns(binary_data):
    """Balanced batches plus class weights correct twice: a warning says so."""
    X, y = binary_data
    with pytest.warns(UserWarning, match="set class_weight=None"):
        _net(batch_sampling="balanced", max_epochs=1).fit(X, y)


def test_dict_shares_use_user_labels(binary_data):
    """A dict of shares is keyed by the user's labels."""
    X, y = binary_data
    labels = np.where(y == 1, "rare", "common")
    net = _net(batch_sampling={"rare": 0.25, "common": 0.75}, class_weight=None)
    net.fit(X, labels)
    np.testing.assert_allclose(net.batch_sampler_.shares_, [0.75, 0.25])


def test_dict_shares_must_name_every_class(binary_data):
    """A class left out of the dict is an error, not a share of 0."""
    X, y = binary_data
    with pytest.raises(ValueError, match="leaves out \\[0\\]"):
        class_shares([90, 10], {1: 0.5}, labels=[0, 1])
    net = _net(batch_sampling={1: 0.5}, class_weight=None, max_epochs=1)
    with pytest.raises(ValueError, match="batch_sampling must give every class"):
        net.fit(X, y)


def test_a_share_of_zero_leaves_a_class_out():
    """A class given a share of 0 never enters a batch."""
    sampler = BalancedBatchSampler(Y, batch_size=20, shares={0: 0.5, 1: 0.5, 2: 0.0})
    for batch in sampler:
        assert np.bincount(Y[batch], minlength=3).tolist() == [10, 10, 0]


def test_dynamic_sampling_raises_share_of_weak_class(multiclass_data):
    """DynamicSampling gives the class with the lowest F1 the largest share."""
    X, y = multiclass_data
    net = _net(
        batch_sampling="balanced",
        class_weight=None,
        max_epochs=3,
        early_stopping=False,
        callbacks=[DynamicSampling()],
    ).fit(X, y)
    for row in net.history:
        f1 = np.array(row["valid_f1_per_class"])
        shares = np.array(row["dynamic_shares"])
        assert np.argmax(shares) == np.argmin(f1)
        need = np.maximum(1 - f1, 0.05)
        np.testing.assert_allclose(shares, need / need.sum())


def test_dynamic_sampling_brings_its_batch_scheme(multiclass_data):
    """DynamicSampling alone makes the net draw batches with its starting shares."""
    X, y = multiclass_data
    net = _net(
        class_weight=None,
        max_epochs=2,
        callbacks=[DynamicSampling(batch_sampling="sqrt")],
    ).fit(X, y)
    assert isinstance(net.batch_sampler_, BalancedBatchSampler)
    np.testing.assert_allclose(
        net.batch_sampler_.shares_, net.history[-1, "dynamic_shares"]
    )


@pytest.mark.parametrize(
    "n_rows, batch_size, merge, expected",
    [
        (5, 2, False, [(0, 2), (2, 4), (4, 5)]),
        (5, 2, True, [(0, 2), (2, 5)]),
        (4, 2, True, [(0, 2), (2, 4)]),
        (6, 4, True, [(0, 4), (4, 6)]),
        (1, 4, True, [(0, 1)]),
        (0, 4, True, []),
    ],
)
def test_batch_bounds(n_rows, batch_size, merge, expected):
    """Only a last batch of one row, after another batch, is merged."""
    rows = np.arange(n_rows, dtype=np.float32).reshape(n_rows, 1)
    batches = BatchIterator(
        TensorData(rows, [0] * n_rows), batch_size, merge_lone_row=merge
    )
    bounds = [(int(xb[0, 0]), int(xb[-1, 0]) + 1) for xb, _ in batches]
    assert bounds == expected
    assert len(batches) == len(expected)


def test_shuffled_batches_with_a_merged_lone_row_hold_every_row_once():
    data = TensorData(np.arange(9, dtype=np.float32).reshape(9, 1), [0] * 9)
    batches = BatchIterator(data, batch_size=4, shuffle=True, merge_lone_row=True)
    seen = [xb[:, 0].tolist() for xb, _ in batches]
    assert [len(b) for b in seen] == [4, 5]
    assert len(batches) == 2
    assert sorted(sum(seen, [])) == list(range(9))


class _BatchNormNet(torch.nn.Module):
    """A user's network with torch's own batch normalisation."""

    def __init__(self, n_features, n_classes):
        super().__init__()
        self.body = torch.nn.Sequential(
            torch.nn.Linear(n_features, 8),
            torch.nn.BatchNorm1d(8),
            torch.nn.ReLU(),
            torch.nn.Linear(8, n_classes),
        )

    def forward(self, X):
        return self.body(X)


class _BatchSizes(Callback):
    """Records the size of every training batch."""

    def __init__(self):
        self.sizes = []

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        if training:
            self.sizes.append(len(batch[0]))


def _training_batch_sizes(net):
    """The size of each training batch of ``net`` fitted on 65 rows."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(65, 3)).astype(np.float32)
    y = (X[:, 0] > 0.5).astype(int)
    sizes = _BatchSizes()
    net.set_params(train_split=None, callbacks=[sizes]).fit(X, y)
    return sizes.sizes


def test_a_batch_normalised_module_of_the_users_trains_without_a_lone_row():
    """Torch's BatchNorm1d refuses a training batch of one row; 65 rows in
    batches of 8 would end each epoch with one."""
    net = _net(module=_BatchNormNet, batch_size=8, max_epochs=2)
    assert _training_batch_sizes(net) == [8] * 7 + [9] + [8] * 7 + [9]


def test_a_module_without_torch_batch_norm_keeps_its_lone_row():
    """Other networks see the batches as cut (skimb's MLP takes one row)."""
    net = _net(batch_norm=True, batch_size=64, max_epochs=1)
    assert _training_batch_sizes(net) == [64, 1]
