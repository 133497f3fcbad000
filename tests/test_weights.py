import numpy as np
import pytest
from sklearn.utils.class_weight import compute_class_weight as sk_class_weight

from skimb.weights import class_weight_array, compute_class_weight, proportions

Y_TRAFFIC = np.repeat(["red", "yellow", "green"], [56, 3, 41])


def test_inverse_traffic_lights():
    """Inverse frequency gives 1.8 / 33.3 / 2.4 on the traffic-light split."""
    w = compute_class_weight(Y_TRAFFIC, "inverse")
    assert round(w["red"], 1) == 1.8
    assert round(w["yellow"], 1) == 33.3
    assert round(w["green"], 1) == 2.4


def test_balanced_matches_sklearn():
    """'balanced' equals scikit-learn's n / (K n_k)."""
    y = np.array([0] * 50 + [1] * 7 + [2] * 3)
    w = compute_class_weight(y, "balanced")
    expected = sk_class_weight("balanced", classes=np.arange(3), y=y)
    np.testing.assert_allclose([w[0], w[1], w[2]], expected)


def test_sqrt_is_root_of_balanced():
    """'sqrt' is the square root of 'balanced'."""
    y = np.array([0] * 90 + [1] * 10)
    b = compute_class_weight(y, "balanced")
    s = compute_class_weight(y, "sqrt")
    np.testing.assert_allclose([s[0], s[1]], np.sqrt([b[0], b[1]]))


def test_effective_number_formula():
    """'effective' follows Cui et al.: (1 - beta) / (1 - beta^n_k), summing to K."""
    y = np.array([0] * 900 + [1] * 100)
    beta = 0.99
    w = compute_class_weight(y, "effective", beta=beta)
    raw = np.array([(1 - beta) / (1 - beta**900), (1 - beta) / (1 - beta**100)])
    np.testing.assert_allclose([w[0], w[1]], raw * 2 / raw.sum())
    assert w[1] > w[0]


def test_most_caps_the_weight_ratio():
    """Frequencies clipped to [1 - most, most] cap the weight ratio at most/(1-most)."""
    y = np.array([0] * 990 + [1] * 10)
    w = compute_class_weight(y, "inverse", most=0.9)
    assert w[1] / w[0] == pytest.approx(9.0)


def test_dict_and_callable():
    """A dict is returned for the classes of y; a callable is called on y."""
    y = np.array(["a", "a", "b"])
    assert compute_class_weight(y, {"b": 5.0}) == {"a": 1.0, "b": 5.0}
    assert compute_class_weight(y, lambda y: {"a": 2.0, "b": 3.0}) == {
        "a": 2.0,
        "b": 3.0,
    }


@pytest.mark.parametrize("weight", [-2.0, 0.0, np.nan])
def test_a_dict_weight_must_be_finite_and_positive(weight):
    """The message quotes the weight and its class as plain values."""
    with pytest.raises(ValueError, match=f"got {weight} for class 1\\.$"):
        compute_class_weight(np.array([0, 0, 1]), {1: weight})


def test_class_weight_array_aligns_with_classes():
    """The array follows the given class order; None gives ones."""
    y = [0, 0, 0, 1]
    np.testing.assert_allclose(class_weight_array(y, [1, 0]), [2.0, 2 / 3])
    np.testing.assert_allclose(class_weight_array(y, [0, 1], None), [1.0, 1.0])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"scheme": "nope"}, "Unknown class-weight scheme 'nope'"),
        ({"scheme": "effective", "beta": 1.0}, "beta must be"),
        ({"scheme": "balanced", "most": 0.3}, "most must be"),
        ({"scheme": {"z": 1.0}}, "not in y"),
        ({"scheme": {"a": -1.0}}, "finite and positive"),
        ({"scheme": lambda y: [1, 2]}, "must return a dict"),
    ],
)
def test_bad_input(kwargs, match):
    """Bad schemes and parameters raise a ValueError naming the problem."""
    with pytest.raises(ValueError, match=match):
        compute_class_weight(np.array(["a", "b", "b"]), **kwargs)


def test_proportions_scale_to_one_and_keep_zeros():
    """Shares are scaled to sum to 1; a class may get none."""
    np.testing.assert_allclose(
        proportions([0, 2, 6], 3, name="shares"), [0, 0.25, 0.75]
    )


@pytest.mark.parametrize(
    "values, positive, match",
    [
        ([1.0], False, "must be 2 finite non-negative"),
        ([np.inf, 1.0], False, "must be 2 finite non-negative"),
        ([np.nan, 1.0], False, "must be 2 finite non-negative"),
        ([-1.0, 2.0], False, "must be 2 finite non-negative"),
        ([0.0, 0.0], False, "must be 2 finite non-negative"),
        ([0.0, 1.0], True, "must be 2 finite positive"),
    ],
)
def test_proportions_refuse_what_is_no_share(values, positive, match):
    """Wrong length, non-finite, negative or all-zero values (or a zero where
    every class must have some) are a ValueError naming the parameter."""
    with pytest.raises(ValueError, match=f"shares {match}"):
        proportions(values, 2, name="shares", positive=positive)
