import numpy as np
import pytest
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from skimb.metrics import UndefinedScoreWarning, imbalance_report


def test_rows_minority_first_and_values(multiclass_data):
    """Class rows are ordered by support and match sklearn's per-class scores."""
    _, y = multiclass_data
    rng = np.random.default_rng(0)
    pred = np.where(rng.random(len(y)) < 0.7, y, rng.integers(0, 3, len(y)))
    report = imbalance_report(y, pred)
    class_rows = report.iloc[:3]
    assert list(class_rows["support"]) == sorted(np.bincount(y))
    p, r, f, _ = precision_recall_fscore_support(y, pred)
    for k in range(3):
        assert report.loc[k, "precision"] == pytest.approx(p[k])
        assert report.loc[k, "recall"] == pytest.approx(r[k])
        assert report.loc[k, "f1"] == pytest.approx(f[k])
    assert report.loc["balanced accuracy", "score"] == pytest.approx(r.mean())


def test_scores_add_average_precision(binary_data):
    """With y_score the report has each class's one-vs-rest AP."""
    _, y = binary_data
    proba = np.column_stack([1 - y * 0.6, y * 0.6])
    report = imbalance_report(y, proba.argmax(axis=1), y_score=proba)
    assert report.loc[1, "ap"] == pytest.approx(average_precision_score(y, proba[:, 1]))


def test_printed_form_is_a_table():
    """print() gives a text table without NaN."""
    text = str(imbalance_report([0, 0, 0, 1], [0, 0, 1, 1]))
    assert "NaN" not in text and "nan" not in text
    assert text.splitlines()[0].split()[:3] == ["support", "share", "precision"]
    assert "G-mean" in text and "MCC" in text


def test_absent_class_warns():
    """A label absent from y_true is reported with support 0 and a warning."""
    with pytest.warns(UndefinedScoreWarning, match="absent from y_true"):
        report = imbalance_report([0, 0, 1], [0, 1, 1], labels=[0, 1, 2])
    assert report.loc[2, "support"] == 0
    assert np.isfinite(report.loc["G-mean", "score"])


def test_bad_score_shape():
    """y_score with the wrong number of columns is refused."""
    with pytest.raises(ValueError, match="y_score must have shape"):
        imbalance_report([0, 1, 2], [0, 1, 2], y_score=np.ones((3, 2)))


def test_weights_report_the_rows_as_repeats(multiclass_data):
    """Integer weights give the report of the rows repeated that many times."""
    _, y = multiclass_data
    rng = np.random.default_rng(0)
    pred = np.where(rng.random(len(y)) < 0.7, y, rng.integers(0, 3, len(y)))
    proba = rng.dirichlet(np.ones(3), size=len(y))
    weight = rng.integers(0, 4, size=len(y))
    weighted = imbalance_report(y, pred, y_score=proba, sample_weight=weight)
    repeated = imbalance_report(
        np.repeat(y, weight),
        np.repeat(pred, weight),
        y_score=np.repeat(proba, weight, 0),
    )
    np.testing.assert_allclose(
        weighted.to_numpy(dtype=float), repeated.to_numpy(dtype=float), equal_nan=True
    )
    assert weighted.index.tolist() == repeated.index.tolist()


def test_a_fractional_weighted_support_prints_its_decimals():
    """A support that is a sum of fractional weights is not cut to an int."""
    report = imbalance_report([0, 0, 0, 1], [0, 0, 1, 1], sample_weight=[1, 1, 1, 0.5])
    assert report.loc[1, "support"] == 0.5
    assert str(report).splitlines()[1].split()[:2] == ["1", "0.500"]


def test_a_class_of_weight_zero_is_reported_as_absent():
    """Rows that all weigh 0 leave their class's recall undefined, with a warning."""
    with pytest.warns(
        UndefinedScoreWarning, match="absent from y_true \\(or weigh 0\\)"
    ):
        report = imbalance_report([0, 0, 1], [0, 1, 1], sample_weight=[1, 1, 0])
    assert report.loc[1, "support"] == 0
