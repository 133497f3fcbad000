import numpy as np
import pandas as pd
import pytest

from skimb.datasets import list_keel, load_keel, make_traffic_lights


@pytest.mark.parametrize("n_samples", [3, 4, 5, 2000])
def test_traffic_lights_hold_every_class(n_samples):
    """Each light has at least one row, however few rows are asked for."""
    X, y = make_traffic_lights(n_samples, random_state=0)
    assert X.shape == (n_samples, 5)
    assert set(y) == {"red", "yellow", "green"}


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_samples": 2}, "n_samples must be an int >= 3"),
        ({"n_samples": 10.0}, "n_samples must be an int >= 3"),
        ({"n_noise": -1}, "n_noise must be an int >= 0"),
        ({"n_noise": 1.5}, "n_noise must be an int >= 0"),
    ],
)
def test_traffic_lights_bad_input(params, match):
    with pytest.raises(ValueError, match=match):
        make_traffic_lights(**params)


def test_keel_frame_keeps_categories_and_array_holds_codes():
    """as_frame gives category columns; the array gives their codes."""
    frame, target = load_keel("car-good", as_frame=True)
    X, y = load_keel("car-good")
    assert isinstance(frame, pd.DataFrame) and isinstance(target, pd.Series)
    assert all(isinstance(d, pd.CategoricalDtype) for d in frame.dtypes)
    np.testing.assert_array_equal(
        X, np.column_stack([frame[c].cat.codes for c in frame])
    )
    np.testing.assert_array_equal(y, target.to_numpy())


def test_unknown_keel_set_names_the_known_ones():
    with pytest.raises(
        ValueError, match="Unknown KEEL data set 'nope'; known: abalone19"
    ):
        load_keel("nope")
    assert len(list_keel()) == 12
