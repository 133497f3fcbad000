import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from skimb.decision import ThresholdOptimizer
from skimb.metrics import (  # noqa: E402
    PerClassRecallDisplay,
    PrecisionRecallIsoDisplay,
    ThresholdCurveDisplay,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_threshold_curve_marks_the_best(binary_data):
    """The curve is drawn and the vertical marker sits at the best threshold."""
    X, y = binary_data
    score = LogisticRegression().fit(X, y).predict_proba(X)[:, 1]
    disp = ThresholdCurveDisplay.from_predictions(y, score, objective="f2")
    best = disp.thresholds[np.argmax(disp.scores)]
    assert disp.marker_.get_xdata()[0] == best
    assert disp.ax_.get_ylabel() == "f2"
    assert len(disp.line_.get_xdata()) == np.isfinite(disp.thresholds).sum()


def test_threshold_curve_shows_why_and_the_peak_passed_over():
    """With a reason, the title says it and a peak left aside is marked."""
    thresholds = np.array([np.inf, 0.9, 0.7, 0.5, 0.3])
    scores = np.array([0.0, 0.8, 0.6, 0.5, 0.4])
    disp = ThresholdCurveDisplay(
        thresholds, scores, 0.5, "f2", reason="no sure gain, default kept"
    ).plot()
    assert "default kept" in disp.ax_.get_title()
    assert disp.peak_marker_.get_xdata()[0] == 0.9
    at_peak = ThresholdCurveDisplay(thresholds, scores, 0.8, "f2", reason="peak")
    assert at_peak.plot().peak_marker_ is None


def test_threshold_curve_from_estimator_titles_the_verdict(binary_data):
    """from_estimator shows the ThresholdOptimizer's decision_reason_."""
    X, y = binary_data
    model = ThresholdOptimizer(LogisticRegression(), random_state=0).fit(X, y)
    disp = ThresholdCurveDisplay.from_estimator(model)
    assert disp.ax_.get_title().replace("\n", " ") == model.decision_reason_


def test_threshold_curve_from_estimator_needs_fitted_optimizer():
    """from_estimator refuses an estimator without a stored curve."""
    with pytest.raises(ValueError, match="fitted binary ThresholdOptimizer"):
        ThresholdCurveDisplay.from_estimator(LogisticRegression())


def test_precision_recall_iso_f2(binary_data):
    """The PR curve is drawn over four iso-F2 contours, AP in the legend."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    disp = PrecisionRecallIsoDisplay.from_estimator(model, X, y)
    assert len(disp.iso_lines_) == 4
    labels = [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    assert any("AP" in label for label in labels)
    assert any(t.get_text() == "F2=0.8" for t in disp.ax_.texts)


@pytest.mark.parametrize(
    "draw",
    [
        PrecisionRecallIsoDisplay.from_predictions,
        ThresholdCurveDisplay.from_predictions,
    ],
)
def test_curves_of_one_class_y_true_need_the_positive_class(draw):
    """A y_true of one class cannot tell which class the scores rank."""
    with pytest.raises(ValueError, match="pass pos_label="):
        draw(np.zeros(20, dtype=int), np.linspace(0, 1, 20))


def test_iso_curve_of_an_estimator_takes_its_minority_from_classes(binary_data):
    """Test rows without positives draw the estimator's rare class, not the other."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    negatives = y == 0
    with pytest.warns(UserWarning, match="No positive class"):
        disp = PrecisionRecallIsoDisplay.from_estimator(
            model, X[negatives], y[negatives]
        )
    assert disp.average_precision < 1.0


def test_per_class_recall_bars(multiclass_data):
    """One bar per class, heights the recalls, smallest class first."""
    X, y = multiclass_data
    model = LogisticRegression().fit(X, y)
    disp = PerClassRecallDisplay.from_estimator(model, X, y)
    pred = model.predict(X)
    order = np.argsort(np.bincount(y), kind="stable")
    heights = [bar.get_height() for bar in disp.bars_]
    np.testing.assert_allclose(heights, [np.mean(pred[y == k] == k) for k in order])
    assert [t.get_text() for t in disp.ax_.get_xticklabels()] == [str(k) for k in order]


def _weights_and_repeats(X, y):
    weight = np.random.default_rng(0).integers(0, 3, size=len(y))
    return weight, np.repeat(X, weight, axis=0), np.repeat(y, weight)


def test_threshold_curve_weighs_rows_as_repeats(binary_data):
    """Integer weights draw the curve of the rows repeated that many times."""
    X, y = binary_data
    score = LogisticRegression().fit(X, y).predict_proba(X)[:, 1]
    weight = np.random.default_rng(0).integers(0, 3, size=len(y))
    weighted = ThresholdCurveDisplay.from_predictions(y, score, sample_weight=weight)
    repeated = ThresholdCurveDisplay.from_predictions(
        np.repeat(y, weight), np.repeat(score, weight)
    )
    kept = np.isin(weighted.thresholds, repeated.thresholds)
    np.testing.assert_allclose(weighted.scores[kept], repeated.scores)


def test_iso_curve_weighs_rows_as_repeats(binary_data):
    """The PR curve and its AP of integer weights are those of repeated rows."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    weight, X_rep, y_rep = _weights_and_repeats(X, y)
    weighted = PrecisionRecallIsoDisplay.from_estimator(
        model, X, y, sample_weight=weight
    )
    repeated = PrecisionRecallIsoDisplay.from_estimator(model, X_rep, y_rep)
    assert weighted.average_precision == pytest.approx(repeated.average_precision)
    assert weighted.average_precision != pytest.approx(
        PrecisionRecallIsoDisplay.from_estimator(model, X, y).average_precision
    )


def test_per_class_recall_weighs_rows_as_repeats(multiclass_data):
    """Weighted recalls and supports are those of the rows repeated."""
    X, y = multiclass_data
    model = LogisticRegression().fit(X, y)
    weight, X_rep, y_rep = _weights_and_repeats(X, y)
    weighted = PerClassRecallDisplay.from_estimator(model, X, y, sample_weight=weight)
    repeated = PerClassRecallDisplay.from_estimator(model, X_rep, y_rep)
    np.testing.assert_allclose(weighted.recalls, repeated.recalls)
    np.testing.assert_allclose(weighted.supports, repeated.supports)


def test_per_class_recall_prints_a_fractional_support():
    """Bars of fractional weights say so instead of cutting the sum to an int."""
    disp = PerClassRecallDisplay.from_predictions(
        ["a", "a", "b"], ["a", "b", "b"], sample_weight=[0.5, 1, 0.25]
    )
    assert [t.get_text() for t in disp.ax_.texts] == ["n=0.250", "n=1.500"]
