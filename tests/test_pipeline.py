import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.utils.estimator_checks import parametrize_with_checks

from skimb import (
    PIPELINE_NET_DEFAULTS,
    _pipeline,
    make_imbalanced_pipeline,
    make_preprocessor,
)
from skimb._pipeline import _SkewAwareScaler
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
    """The net, its weights and the objective are reachable with set_params."""
    model = make_imbalanced_pipeline(random_state=3, lr=0.01)
    params = model.get_params()
    assert params["estimator__net__lr"] == 0.01
    # the pipeline's other net defaults still apply
    assert params["estimator__net__patience"] == PIPELINE_NET_DEFAULTS["patience"]
    assert params["fold_validation"] is True
    model.set_params(objective="gmean", estimator__net__weight_decay=0.1)
    assert model.get_params()["estimator__net__weight_decay"] == 0.1


def test_final_model_averages_fold_nets_validated_on_their_folds():
    """The final model averages cv nets, each seeded apart and validated on its fold."""
    X, y = load_keel("glass5", as_frame=True)
    model = make_imbalanced_pipeline(random_state=0, max_epochs=3, cv=3).fit(X, y)
    nets = [member[-1] for member in model.estimator_.models]
    assert [net.random_state for net in nets] == [0, 1, 2]
    held_out = np.sum([net.valid_class_counts_ for net in nets], axis=0)
    np.testing.assert_array_equal(held_out, np.bincount(y))


def test_refit_true_refits_one_net():
    """refit=True ends with one net refit on all the data."""
    X, y = load_keel("glass5", as_frame=True)
    model = make_imbalanced_pipeline(random_state=0, max_epochs=3, cv=2, refit=True)
    model.fit(X, y)
    assert model.estimator_[-1].n_features_in_ == X.shape[1]
    # one network: the pipeline's ensemble is its folds', not the net's own
    assert len(model.estimator_[-1].nets_) == 1


def test_preprocessor_one_hot_encodes_categories():
    """Categorical columns are one-hot encoded, numbers standardised."""
    frame = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0, 4.0], "c": pd.Categorical(["a", "b", "a", "c"])}
    )
    out = make_preprocessor().fit_transform(frame)
    assert out.shape == (4, 4)
    np.testing.assert_allclose(out[:, 0].mean(), 0.0, atol=1e-12)


def test_pipeline_scales_by_skewness_and_gates_the_threshold():
    """The pipeline's preprocessing, stopping window and threshold rule are visible."""
    params = make_imbalanced_pipeline(random_state=0).get_params()
    scaler = params["estimator__preprocess__numeric__scale"]
    assert isinstance(scaler, _SkewAwareScaler)
    assert params["estimator__net__monitor_window"] == 5
    assert params["prefer_default"] == "cv"
    assert params["f_beta_bound"] == "balanced"


def test_pipeline_nets_are_batch_normalised_without_dropout():
    """The fitted fold nets are MLPs with batch normalisation and no dropout."""
    X, y = load_keel("glass5", as_frame=True)
    model = make_imbalanced_pipeline(random_state=0, max_epochs=2, cv=2).fit(X, y)
    for member in model.estimator_.models:
        layers = [type(layer) for layer in member[-1].module_.modules()]
        assert any(issubclass(kind, torch.nn.BatchNorm1d) for kind in layers)
        assert torch.nn.Dropout not in layers


def test_pipeline_moves_a_common_class_below_its_default():
    """ecoli1's class (23 % of the rows, above F2's bound of a fifth) gets a
    threshold below the balanced nets' 0.5 even where the cv rule keeps it."""
    X, y = load_keel("ecoli1", as_frame=True)
    model = make_imbalanced_pipeline(random_state=0, max_epochs=5, cv=3).fit(X, y)
    assert model.f_beta_bound_moved_
    assert model.threshold_ < 0.5


def test_quantile_preprocessor_tames_a_heavy_tail(rng):
    """A log-normal column comes out on a normal scale, not as a few far outliers."""
    frame = pd.DataFrame({"x": rng.lognormal(0.0, 3.0, 500)})
    standard = make_preprocessor("standard").fit_transform(frame)[:, 0]
    quantile = make_preprocessor("quantile").fit_transform(frame)[:, 0]
    assert standard.max() > 10
    assert np.abs(np.median(quantile)) < 0.05
    assert np.all(np.abs(quantile) < 5.3)
    # the order of the rows is kept
    np.testing.assert_array_equal(np.argsort(quantile), np.argsort(frame["x"]))


def test_power_preprocessor_leaves_a_normal_column_nearly_linear(rng):
    """Yeo-Johnson keeps a normal column close to its standardised self."""
    frame = pd.DataFrame({"x": rng.normal(3.0, 2.0, 500)})
    standard = make_preprocessor("standard").fit_transform(frame)[:, 0]
    power = make_preprocessor("power").fit_transform(frame)[:, 0]
    assert np.corrcoef(standard, power)[0, 1] > 0.99


def test_quantile_preprocessor_is_silent_on_small_data(rng):
    """Fewer rows than quantiles use one quantile per row without a warning."""
    frame = pd.DataFrame({"x": rng.normal(size=40)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = make_preprocessor("quantile").fit_transform(frame)
    assert out.shape == (40, 1)


def test_auto_preprocessor_quantile_normalises_only_skewed_columns(rng):
    """ "auto" scales a skewed column as "quantile", a symmetric one as "standard"."""
    frame = pd.DataFrame(
        {"skewed": rng.lognormal(0.0, 1.0, 300), "symmetric": rng.normal(size=300)}
    )
    auto = make_preprocessor("auto").fit_transform(frame)
    quantile = make_preprocessor("quantile").fit_transform(frame)
    standard = make_preprocessor("standard").fit_transform(frame)
    np.testing.assert_allclose(auto[:, 0], quantile[:, 0])
    np.testing.assert_allclose(auto[:, 1], standard[:, 1])
    assert not np.allclose(quantile[:, 1], standard[:, 1])


def test_auto_preprocessor_standardises_a_constant_column_silently():
    """A constant column has no skewness; "auto" standardises it without a warning."""
    frame = pd.DataFrame({"constant": np.ones(20), "x": np.arange(20.0)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = make_preprocessor("auto").fit_transform(frame)
    np.testing.assert_array_equal(out[:, 0], 0.0)


def test_column_moments_match_scipy_and_standard_scaler_over_blocks(rng, monkeypatch):
    """The blockwise moments are those of scipy's skew and StandardScaler, NaN
    left out, whatever the block size."""
    from scipy.stats import skew
    from sklearn.preprocessing import StandardScaler

    X = rng.lognormal(0.0, 1.0, (1_000, 3))
    X[rng.random((1_000, 3)) < 0.1] = np.nan
    monkeypatch.setattr(_pipeline, "_BLOCK_ROWS", 97)
    mean, std, skewness = _pipeline._column_moments(X)
    scaler = StandardScaler().fit(X)
    np.testing.assert_allclose(mean, scaler.mean_)
    np.testing.assert_allclose(std, scaler.scale_)
    np.testing.assert_allclose(skewness, skew(X, axis=0, nan_policy="omit"))


@pytest.mark.parametrize("numeric", ["standard", "quantile", "power", "auto"])
def test_preprocessor_writes_the_dtype_asked_for(rng, numeric):
    frame = pd.DataFrame(
        {
            "skewed": rng.lognormal(0.0, 1.0, 300),
            "gaps": np.where(rng.random(300) < 0.1, np.nan, rng.normal(size=300)),
            "colour": rng.choice(["r", "g"], 300),
        }
    )
    wide = make_preprocessor(numeric).fit_transform(frame)
    narrow = make_preprocessor(numeric, dtype=np.float32).fit_transform(frame)
    assert wide.dtype == np.float64
    assert narrow.dtype == np.float32
    np.testing.assert_allclose(narrow, wide, rtol=1e-6, atol=1e-6)


def test_preprocessor_leaves_its_input_untouched(rng):
    """The imputer works in place on the scaler's new array, never on X."""
    X = rng.normal(size=(50, 3))
    X[::7, 1] = np.nan
    given = X.copy()
    make_preprocessor("auto", dtype=np.float32).fit(X).transform(X)
    np.testing.assert_array_equal(X, given)


@pytest.mark.parametrize("value", [0.0, 0.1, 2024.0, 1e6 + 0.1])
def test_auto_preprocessor_centres_a_constant_column_of_any_size(value):
    """A constant column's rounding noise is not scaled up: it becomes 0."""
    frame = pd.DataFrame({"constant": np.full(1_000, value), "x": np.arange(1e3)})
    out = make_preprocessor("auto").fit_transform(frame)
    np.testing.assert_allclose(out[:, 0], 0.0, atol=1e-6)


@pytest.mark.parametrize("bad", [-0.5, "1", None, True])
def test_skew_aware_scaler_rejects_a_bad_cutoff(bad):
    """A negative or non-numeric skewness cutoff raises an error naming it."""
    with pytest.raises(ValueError, match="max_abs_skew must be a number >= 0"):
        _SkewAwareScaler(max_abs_skew=bad).fit(np.ones((5, 2)))


@parametrize_with_checks([_SkewAwareScaler(), _pipeline._MissingToCentre()])
def test_skew_aware_scaler_is_sklearn_compatible(estimator, check):
    """The "auto" scaler and the imputer pass scikit-learn's estimator checks."""
    check(estimator)


def test_preprocessor_imputes_missing_numbers_at_the_centre(rng):
    """A missing number becomes 0 after scaling, flagged in an indicator column."""
    x = rng.normal(5.0, 2.0, 50)
    x[[3, 17]] = np.nan
    frame = pd.DataFrame({"x": x, "complete": rng.normal(size=50)})
    out = make_preprocessor().set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns) == [
        "numeric__x",
        "numeric__complete",
        "numeric__missingindicator_x",
    ]
    np.testing.assert_array_equal(out["numeric__x"].iloc[[3, 17]], 0.0)
    np.testing.assert_array_equal(out["numeric__missingindicator_x"], np.isnan(x))
    np.testing.assert_allclose(out["numeric__x"].mean(), 0.0, atol=1e-12)


@pytest.mark.parametrize("dtype", ["string", "boolean", "category", "object"])
def test_preprocessor_takes_every_missing_marker_of_a_category(dtype):
    """pd.NA of pandas' nullable dtypes is a missing category like NaN and None."""
    values = [True, False, None, True] if dtype == "boolean" else ["a", "b", None, "a"]
    frame = pd.DataFrame({"c": pd.array(values, dtype=dtype)})
    out = make_preprocessor().set_output(transform="pandas").fit_transform(frame)
    assert list(out.columns)[-1] == "categorical__c_nan"
    np.testing.assert_array_equal(out["categorical__c_nan"], [0, 0, 1, 0])


def test_pipeline_predicts_rows_with_missing_values():
    """The pipeline fits a frame with gaps and predicts rows with new gaps."""
    X, y = load_keel("glass5", as_frame=True)
    X = X.copy()
    X.iloc[::7, 0] = np.nan
    model = make_imbalanced_pipeline(random_state=0, max_epochs=3, cv=2).fit(X, y)
    gappy = X.iloc[:4].copy()
    gappy.iloc[:, 1] = np.nan  # a column that had no gaps when fitted
    proba = model.predict_proba(gappy)
    assert proba.shape == (4, 2)
    assert np.isfinite(proba).all()


@pytest.mark.parametrize(
    "column, match",
    [
        (pd.date_range("2020-01-01", periods=4), r"'when' \(datetime64"),
        (pd.to_timedelta([1, 2, 3, 4], unit="D"), r"'when' \(timedelta64"),
    ],
)
def test_preprocessor_rejects_a_column_it_cannot_encode(column, match):
    """A column neither numeric nor categorical raises an error naming it."""
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "when": column})
    with pytest.raises(ValueError, match=match):
        make_preprocessor().fit(frame)


def test_preprocessor_rejects_unknown_scaling():
    """An unknown numeric scaling raises an error listing the known ones."""
    with pytest.raises(ValueError, match=r"numeric must be one of \['standard'"):
        make_preprocessor("minmax")


def test_pipeline_fits_a_plain_array(binary_data):
    """A NumPy array is taken as all-numeric columns, as the docstring says."""
    X, y = binary_data
    model = make_imbalanced_pipeline(random_state=0, max_epochs=3, cv=2).fit(X, y)
    assert model.predict_proba(X).shape == (len(X), 2)
    out = make_preprocessor().fit_transform(X)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-6)


def test_missing_to_centre_flags_only_the_columns_missing_when_fitted(monkeypatch):
    monkeypatch.setattr(_pipeline, "_BLOCK_ROWS", 3)
    fitted = np.array([[1.0, np.nan], [2.0, 3.0], [np.nan, 4.0], [5.0, 6.0]])
    imputer = _pipeline._MissingToCentre(copy=False).fit(fitted)
    later = np.array([[np.nan, 1.0], [2.0, np.nan], [1.0, 1.0], [1.0, 1.0]])
    out = imputer.transform(later.copy())
    np.testing.assert_array_equal(
        out,
        [[0.0, 1.0, 1.0, 0.0], [2.0, 0.0, 0.0, 1.0], [1, 1, 0, 0], [1, 1, 0, 0]],
    )
    assert imputer.get_feature_names_out(["a", "b"]).tolist() == [
        "a",
        "b",
        "missingindicator_a",
        "missingindicator_b",
    ]


def test_missing_to_centre_returns_a_complete_table_itself():
    """In place and without missing values, nothing is appended: no copy is made."""
    X = np.arange(6.0).reshape(3, 2)
    assert _pipeline._MissingToCentre(copy=False).fit(X).transform(X) is X
    assert _pipeline._MissingToCentre().fit(X).transform(X) is not X
