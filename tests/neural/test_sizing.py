"""The rules that size a fit from its data, alone and inside NetClassifier."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification

from skimb.neural import (
    NetClassifier,
    TensorData,
    _classifier,
    auto_batch_size,
    auto_learning_rate,
    epochs_within,
    held_out_share,
    resolve_device,
)


@pytest.mark.parametrize(
    "n_train, batch_size",
    [(1, 64), (500, 64), (6_000, 64), (9_000, 128), (900_000, 1024), (10**9, 4096)],
)
def test_auto_batch_size_follows_the_square_root_of_the_rows(n_train, batch_size):
    assert auto_batch_size(n_train) == batch_size


@pytest.mark.parametrize("batch_size, lr", [(64, 1e-3), (256, 2e-3), (4096, 8e-3)])
def test_auto_learning_rate_scales_with_the_root_of_the_batch(batch_size, lr):
    assert auto_learning_rate(batch_size) == pytest.approx(lr)


@pytest.mark.parametrize(
    "max_epochs, max_steps, batches, epochs",
    [(100, None, 10**6, 100), (100, 20_000, 50, 100), (100, 20_000, 880, 23)],
)
def test_epochs_within_the_step_bound(max_epochs, max_steps, batches, epochs):
    assert epochs_within(max_epochs, max_steps, batches) == epochs


def test_epochs_within_runs_at_least_one_epoch():
    assert epochs_within(100, 10, 1_000) == 1


@pytest.mark.parametrize(
    "counts, rare_rows, share",
    [
        ([4_000, 500], 1_000, 0.2),
        ([990_000, 10_000], 1_000, 0.1),
        ([990_000, 10_000], None, 0.2),
        # the rarest class decides, and an empty class does not count
        ([50_000, 20_000, 0, 10_000], 500, 0.05),
    ],
)
def test_held_out_share_holds_at_most_rare_rows_of_the_rarest_class(
    counts, rare_rows, share
):
    assert held_out_share(counts, 0.2, rare_rows) == pytest.approx(share)


def test_resolve_device():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert resolve_device("auto") == expected
    assert resolve_device("cpu") == "cpu"
    assert resolve_device(torch.device("cpu")) == torch.device("cpu")


@pytest.mark.parametrize(
    "device, reachable, match",
    [
        ("tpu", True, "'tpu' is not a torch device"),
        ("cuda", torch.cuda.is_available(), r"GPU .*\(torch.cuda.is_available"),
        ("cuda:1", torch.cuda.is_available(), r"GPU .*\(torch.cuda.is_available"),
        ("mps", torch.backends.mps.is_available(), r"GPU .*backends.mps.is_available"),
    ],
)
def test_resolve_device_refuses_what_this_torch_cannot_use(device, reachable, match):
    """An unknown device, or a GPU torch cannot reach, is a ValueError naming it."""
    if device != "tpu" and reachable:
        pytest.skip(f"this machine's torch can use {device}")
    with pytest.raises(ValueError, match=match):
        resolve_device(device)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_fit_on_an_absent_gpu_says_so(binary_data):
    """device='cuda' without one fails before training, saying what to set."""
    X, y = binary_data
    with pytest.raises(ValueError, match="use device='auto'"):
        NetClassifier(device="cuda", max_epochs=1).fit(X, y)


def test_take_shares_the_feature_tensor():
    """A split indexes into X: its features are X's rows, not a copy of them."""
    X = np.arange(20, dtype=np.float32).reshape(10, 2)
    data = TensorData(X, np.arange(10) % 2)
    part = data.take([1, 3, 5]).take([2, 0])
    assert part.X.data_ptr() == data.X.data_ptr()
    np.testing.assert_array_equal(part.feature_array(), X[[5, 1]])
    assert part.y.tolist() == [1, 1]
    assert len(part) == 2


@pytest.fixture(scope="module")
def mid_sized():
    return make_classification(12_000, 6, weights=[0.95], random_state=0)


def test_auto_batch_size_and_lr_are_resolved_from_the_training_rows(mid_sized):
    X, y = mid_sized
    net = NetClassifier(max_epochs=1, random_state=0).fit(X, y)
    # 9,600 training rows after the validation fifth
    assert net.batch_size_ == 128
    assert net.lr_ == pytest.approx(1e-3 * np.sqrt(2))
    assert net.net_.batch_size == 128
    assert net.device_ == resolve_device("auto")


def test_given_batch_size_and_lr_are_kept(mid_sized):
    X, y = mid_sized
    net = NetClassifier(batch_size=32, lr=0.01, max_epochs=1, random_state=0)
    net.fit(X[:500], y[:500])
    assert (net.batch_size_, net.lr_) == (32, 0.01)


def test_max_steps_bounds_the_epochs(mid_sized):
    X, y = mid_sized
    # 800 training rows in batches of 100: 8 steps an epoch
    net = NetClassifier(
        batch_size=100, max_steps=20, max_epochs=50, early_stopping=False
    ).fit(X[:1_000], y[:1_000])
    assert net.max_epochs_ == 3
    assert len(net.history) == 3


def test_valid_rare_rows_caps_the_validation_split(mid_sized):
    X, y = mid_sized
    net = NetClassifier(max_epochs=1, valid_rare_rows=50, random_state=0).fit(X, y)
    positives = int((y == 1).sum())
    share = 50 / positives
    expected = [round(share * (len(y) - positives)), 50]
    assert net.valid_class_counts_.tolist() == expected


def test_predict_proba_in_chunks_matches_one_pass(mid_sized, monkeypatch):
    X, y = mid_sized
    net = NetClassifier(max_epochs=2, random_state=0).fit(X[:2_000], y[:2_000])
    whole = net.predict_proba(X[:1_000])
    monkeypatch.setattr(_classifier, "_PREDICT_CHUNK", 7)
    np.testing.assert_allclose(net.predict_proba(X[:1_000]), whole, rtol=1e-6)


def test_verbose_fit_prints_the_time_left(mid_sized, capsys):
    X, y = mid_sized
    net = NetClassifier(max_epochs=3, verbose=1, early_stopping=False)
    net.fit(X[:600], y[:600])
    left = net.history[:, "time_left"]
    assert left[-1] == 0
    assert left[0] >= left[1] >= left[2]
    assert "time_left" in capsys.readouterr().out


def test_quiet_fit_records_no_time_left(mid_sized):
    X, y = mid_sized
    net = NetClassifier(max_epochs=1).fit(X[:300], y[:300])
    assert "time_left" not in net.history[-1]


def test_verbose_two_adds_a_progress_bar_of_the_batches(mid_sized, capsys):
    X, y = mid_sized
    net = NetClassifier(max_epochs=1, verbose=2).fit(X[:600], y[:600])
    assert "progress_bar" in dict(net.callbacks_)
    assert "time_left" in capsys.readouterr().out
