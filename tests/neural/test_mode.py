import numpy as np
from skorch import NeuralNetClassifier

from skimb.neural import NetClassifier


class _ModeEveryBatch(NetClassifier):
    """NetClassifier setting the train/eval mode before every batch, as skorch."""

    def _set_training(self, training=True):
        NeuralNetClassifier._set_training(self, training)


def _fit_proba(net_class, X, y, seed):
    net = net_class(
        hidden_units=(16,), dropout=0.5, max_epochs=4, random_state=seed
    ).fit(X, y)
    return net, net.predict_proba(X)


def test_setting_the_mode_on_change_trains_the_same_net(binary_data, seed):
    """Skipping mode changes that change nothing trains what skorch's way trains."""
    X, y = binary_data
    _, expected = _fit_proba(_ModeEveryBatch, X, y, seed)
    _, proba = _fit_proba(NetClassifier, X, y, seed)
    np.testing.assert_array_equal(proba, expected)


def test_prediction_after_training_runs_in_eval_mode(binary_data, seed):
    """After training with dropout, predictions are deterministic (no dropout)."""
    X, y = binary_data
    net, proba = _fit_proba(NetClassifier, X, y, seed)
    assert not net.module_.training
    np.testing.assert_array_equal(net.predict_proba(X), proba)
