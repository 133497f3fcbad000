import numpy as np
import pytest
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    fbeta_score,
    matthews_corrcoef,
    precision_recall_curve,
)

from skimb.metrics import (
    UndefinedScoreWarning,
    balanced_accuracy,
    f2_score,
    fbeta,
    gmean_score,
    macro_f2_score,
    mcc_score,
    minority_label,
    minority_recall,
    pr_auc_score,
    precision_at_recall,
    recall_at_precision,
)


@pytest.fixture
def binary_scores(rng):
    y = (rng.random(500) < 0.1).astype(int)
    score = rng.random(500) + 0.5 * y
    return y, score, (score > 0.8).astype(int)


@pytest.fixture
def multiclass_scores(rng):
    y = rng.choice(3, size=400, p=[0.7, 0.2, 0.1])
    proba = rng.dirichlet([1, 1, 1], size=400)
    proba[np.arange(400), y] += 0.3
    proba /= proba.sum(axis=1, keepdims=True)
    return y, proba, proba.argmax(axis=1)


def test_f2_and_fbeta_agree_with_sklearn(binary_scores):
    """f2_score and fbeta equal sklearn's fbeta_score on the positive class."""
    y, _, pred = binary_scores
    assert f2_score(y, pred) == pytest.approx(fbeta_score(y, pred, beta=2))
    assert fbeta(y, pred, beta=0.5) == pytest.approx(fbeta_score(y, pred, beta=0.5))


def test_macro_f2_agrees_with_sklearn(multiclass_scores):
    """macro_f2_score equals sklearn's macro F2."""
    y, _, pred = multiclass_scores
    expected = fbeta_score(y, pred, beta=2, average="macro")
    assert macro_f2_score(y, pred) == pytest.approx(expected)


def test_pr_auc_agrees_with_sklearn(binary_scores, multiclass_scores):
    """pr_auc_score is sklearn's AP (binary) and its one-vs-rest macro mean."""
    y, score, _ = binary_scores
    assert pr_auc_score(y, score) == pytest.approx(average_precision_score(y, score))
    y, proba, _ = multiclass_scores
    expected = np.mean([average_precision_score(y == k, proba[:, k]) for k in range(3)])
    assert pr_auc_score(y, proba) == pytest.approx(expected)


def test_gmean_agrees_with_imblearn(binary_scores, multiclass_scores):
    """gmean_score equals imbalanced-learn's geometric_mean_score."""
    for y, _, pred in (binary_scores, multiclass_scores):
        assert gmean_score(y, pred) == pytest.approx(geometric_mean_score(y, pred))


def test_balanced_accuracy_and_mcc_agree(multiclass_scores):
    """balanced_accuracy and mcc_score are sklearn's."""
    y, _, pred = multiclass_scores
    assert balanced_accuracy(y, pred) == pytest.approx(balanced_accuracy_score(y, pred))
    assert mcc_score(y, pred) == pytest.approx(matthews_corrcoef(y, pred))


def test_recall_at_precision_by_brute_force(binary_scores):
    """The constrained scores equal a direct search over the PR curve."""
    y, score, _ = binary_scores
    precision, recall, _ = precision_recall_curve(y, score)
    expected = recall[precision >= 0.3].max()
    assert recall_at_precision(y, score, min_precision=0.3) == pytest.approx(expected)
    expected = precision[recall >= 0.7].max()
    assert precision_at_recall(y, score, min_recall=0.7) == pytest.approx(expected)


@pytest.mark.parametrize(
    "func, bound",
    [
        (recall_at_precision, {"min_precision": 0.3}),
        (precision_at_recall, {"min_recall": 0.7}),
    ],
)
def test_constrained_scores_weigh_rows_as_repeats(binary_scores, func, bound):
    """Integer weights give the score of the rows repeated that many times."""
    y, score, _ = binary_scores
    weight = np.random.default_rng(0).integers(0, 4, size=len(y))
    repeated = func(np.repeat(y, weight), np.repeat(score, weight), **bound)
    assert func(y, score, sample_weight=weight, **bound) == pytest.approx(repeated)
    assert func(y, score, sample_weight=weight, **bound) != pytest.approx(
        func(y, score, **bound)
    )


def test_constrained_score_of_weightless_positives_is_undefined():
    """Positives that all weigh 0 leave recall undefined: a warning and 0."""
    y, score = np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])
    with pytest.warns(UndefinedScoreWarning, match="undefined"):
        value = recall_at_precision(y, score, sample_weight=[1, 1, 0, 0])
    assert value == 0.0


def test_minority_is_the_default_positive():
    """With string labels, the rare class is the positive class."""
    y = np.array(["ok"] * 8 + ["fraud"] * 2)
    pred = np.array(["ok"] * 7 + ["fraud"] * 3)
    assert minority_label(y) == "fraud"
    assert f2_score(y, pred) == pytest.approx(
        fbeta_score(y, pred, beta=2, pos_label="fraud")
    )
    assert minority_recall(y, pred) == 1.0


def test_binary_score_of_first_class_is_flipped():
    """A 1-d score is read as the score of the greater label, as in sklearn."""
    y = np.array([1, 1, 1, 0])
    score = np.array([0.9, 0.8, 0.7, 0.1])  # score of class 1, the majority
    assert pr_auc_score(y, score) == pytest.approx(
        average_precision_score(y == 0, -score)
    )


def test_absent_class_warns_and_scores_zero():
    """A class absent from y_true gives a warning and a defined number."""
    y = np.array([0, 0, 1, 1])
    proba = np.array([[0.8, 0.1, 0.1]] * 2 + [[0.1, 0.8, 0.1]] * 2)
    with pytest.warns(UndefinedScoreWarning, match="absent"):
        value = macro_f2_score(y, proba.argmax(axis=1), labels=[0, 1, 2])
    assert np.isfinite(value)
    with pytest.warns(UndefinedScoreWarning, match="absent"):
        assert pr_auc_score(y, proba, labels=[0, 1, 2]) == pytest.approx(1.0)


def test_no_positive_gives_zero_with_warning():
    """AP without any positive sample is 0 with a warning, never NaN."""
    with pytest.warns(UndefinedScoreWarning, match="undefined"):
        assert pr_auc_score([0, 0, 0], [0.1, 0.2, 0.3], pos_label=1) == 0.0


@pytest.mark.parametrize(
    "score, y_score",
    [
        (pr_auc_score, [0.1, 0.2, 0.3]),
        (recall_at_precision, [0.1, 0.2, 0.3]),
        (precision_at_recall, [0.1, 0.2, 0.3]),
        (f2_score, [0, 1, 1]),
        (fbeta, [0, 1, 1]),
    ],
)
def test_one_class_y_true_without_labels_names_no_positive(score, y_score):
    """A y_true of one class cannot tell its minority: an error, not a 1.0."""
    with pytest.raises(ValueError, match=r"y_true holds one class \(\[0\]\)"):
        score([0, 0, 0], y_score)


@pytest.mark.parametrize("score", [pr_auc_score, recall_at_precision])
def test_one_class_y_true_with_labels_scores_the_absent_minority(score):
    """Given the classes, a test set without positives has no positive to find."""
    with pytest.warns(UndefinedScoreWarning, match="undefined"):
        assert score([0, 0, 0], [0.1, 0.2, 0.3], labels=[0, 1]) == 0.0


def test_minority_of_nothing_is_an_error():
    """An empty y_true without labels has no rare class."""
    with pytest.raises(ValueError, match="y_true is empty"):
        minority_label([])


def test_macro_f2_of_one_class_needs_no_positive():
    """The macro mean names no positive class, so one class is no error."""
    assert macro_f2_score([0, 0, 0], [0, 0, 0]) == 1.0


@pytest.mark.parametrize(
    "func, kwargs, match",
    [
        (recall_at_precision, {"min_precision": 1.5}, "min_precision must lie in"),
        (precision_at_recall, {"min_recall": -0.1}, "min_recall must lie in"),
        (recall_at_precision, {"sample_weight": [1.0, 2.0]}, "sample_weight must"),
        (pr_auc_score, {"labels": [0, 1, 2]}, "one column per class"),
    ],
)
def test_bad_score_input(binary_scores, func, kwargs, match):
    """Out-of-range bounds and mis-shaped scores raise a clear ValueError."""
    y, score, _ = binary_scores
    with pytest.raises(ValueError, match=match):
        func(y, score, **kwargs)
