import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import VotingClassifier

from skimb import make_imbalanced_pipeline, make_preprocessor
from skimb.datasets import load_keel


def test_pipeline_on_mixed_frame():
    """The pipeline fits a frame with a categorical column and predicts labels."""
    X, y = load_keel("abalone19", as_frame=True)
    X, y = X.iloc[::4], y.iloc[::4]  # keep it quick
    model = make_imbalanced_pipeline(random_state=0, max_epochs=5, cv=2).fit(X, y)
    assert set(model.predict(X)) <= {0, 1}
    assert model.predict_proba(X).shape == (len(X), 2)
    assert model.threshold_ is not None


def test_everything_is_settable():
    """Nets, weights and the objective are reachable with set_params."""
    model = make_imbalanced_pipeline(n_nets=2, random_state=3)
    params = model.get_params()
    assert isinstance(params["estimator__net"], VotingClassifier)
    assert params["estimator__net__net1__random_state"] == 4
    model.set_params(objective="gmean", estimator__net__net0__lr=0.01)
    assert model.get_params()["estimator__net__net0__lr"] == 0.01


def test_preprocessor_one_hot_encodes_categories():
    """Categorical columns are one-hot encoded, numbers standardised."""
    frame = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0, 4.0], "c": pd.Categorical(["a", "b", "a", "c"])}
    )
    out = make_preprocessor().fit_transform(frame)
    assert out.shape == (4, 4)
    np.testing.assert_allclose(out[:, 0].mean(), 0.0, atol=1e-12)


def test_bad_n_nets():
    """n_nets must be a positive int."""
    with pytest.raises(ValueError, match="n_nets must be"):
        make_imbalanced_pipeline(n_nets=0)
