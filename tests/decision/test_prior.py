import warnings

import numpy as np
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import GridSearchCV, cross_val_score

from skimb.decision import PriorCorrector, adjust_to_prior, em_prior


def _gaussians(rng, n, positive_share):
    n_pos = int(round(n * positive_share))
    X = np.r_[rng.normal(0, 1, (n - n_pos, 2)), rng.normal(1.5, 1, (n_pos, 2))]
    y = np.r_[np.zeros(n - n_pos, int), np.ones(n_pos, int)]
    return X, y


def test_adjust_to_prior_is_bayes(rng):
    """Prior substitution equals Bayes' rule with the new prior."""
    p = rng.dirichlet([1, 1, 1], size=5)
    old, new = np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.3, 0.1])
    expected = p * new / old
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(adjust_to_prior(p, old, new), expected)


def test_smote_model_log_loss_improves(rng):
    """Correcting a SMOTE-trained model lowers held-out log-loss at the true prior."""
    X, y = _gaussians(rng, 4000, 0.05)
    X_test, y_test = _gaussians(rng, 4000, 0.05)
    smote = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    raw = log_loss(y_test, smote.fit(X, y).predict_proba(X_test))
    corrected = PriorCorrector(smote, random_state=0).fit(X, y)
    assert log_loss(y_test, corrected.predict_proba(X_test)) < raw
    # SMOTE balanced the classes: the estimated training prior is near 50/50
    assert corrected.train_prior_[1] == pytest.approx(0.5, abs=0.1)


def test_class_weighted_model_log_loss_improves(rng):
    """The same holds for a class_weight='balanced' model with a balanced prior."""
    X, y = _gaussians(rng, 4000, 0.05)
    X_test, y_test = _gaussians(rng, 4000, 0.05)
    weighted = LogisticRegression(class_weight="balanced")
    raw = log_loss(y_test, weighted.fit(X, y).predict_proba(X_test))
    corrected = PriorCorrector(weighted, train_prior="balanced").fit(X, y)
    assert log_loss(y_test, corrected.predict_proba(X_test)) < raw


def test_em_finds_shifted_prior_and_helps(rng):
    """From 2% to 20% positives, EM estimates the new prior within 0.03."""
    X, y = _gaussians(rng, 10000, 0.02)
    X_test, y_test = _gaussians(rng, 5000, 0.20)
    base = PriorCorrector(LogisticRegression(), train_prior="estimate", cv=3).fit(X, y)
    em = PriorCorrector(
        LogisticRegression(), deploy_prior="em", cv=3, random_state=0
    ).fit(X, y)
    estimate = em.estimate_prior(X_test)
    assert abs(estimate[1] - 0.20) < 0.03
    assert log_loss(y_test, em.predict_proba(X_test)) < log_loss(
        y_test, base.predict_proba(X_test)
    )
    assert accuracy_score(y_test, em.predict(X_test)) > accuracy_score(
        y_test, base.predict(X_test)
    )


def test_fit_deploy_prior_fixes_it_once(rng):
    """fit_deploy_prior sets deploy_prior_ from a separate unlabelled set."""
    X, y = _gaussians(rng, 4000, 0.05)
    X_new, _ = _gaussians(rng, 3000, 0.30)
    model = PriorCorrector(LogisticRegression(), deploy_prior="em", cv=3).fit(X, y)
    assert model.deploy_prior_ is None
    model.fit_deploy_prior(X_new)
    assert model.deploy_prior_[1] == pytest.approx(0.30, abs=0.05)


@pytest.mark.parametrize("rows", [1, 50])
def test_em_on_too_few_rows_is_warned_of(rng, rows):
    """A batch expected to hold under ten rows of the rare class is too small."""
    X, y = _gaussians(rng, 4000, 0.10)
    model = PriorCorrector(LogisticRegression(), deploy_prior="em", cv=3).fit(X, y)
    with pytest.warns(UserWarning, match=f"batch of {rows} rows, .* of class 1"):
        model.predict_proba(X[:rows])
    with pytest.warns(UserWarning, match="fit_deploy_prior on a larger"):
        model.fit_deploy_prior(X[:rows])


def test_em_on_enough_rows_warns_nothing(rng):
    X, y = _gaussians(rng, 4000, 0.10)
    model = PriorCorrector(LogisticRegression(), deploy_prior="em", cv=3).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict_proba(X[:200])
        model.estimate_prior(X[:200])


def test_numeric_and_dict_priors(multiclass_data):
    """Priors given as numbers or dicts are normalised, in classes_ order."""
    X, y = multiclass_data
    model = PriorCorrector(
        LogisticRegression(), train_prior={0: 1, 1: 1, 2: 2}, deploy_prior=[2, 1, 1]
    ).fit(X, y)
    np.testing.assert_allclose(model.train_prior_, [0.25, 0.25, 0.5])
    np.testing.assert_allclose(model.deploy_prior_, [0.5, 0.25, 0.25])
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_in_cross_val_and_grid_search(binary_data):
    """It works in cross_val_score and GridSearchCV."""
    X, y = binary_data
    model = PriorCorrector(LogisticRegression(class_weight="balanced"), cv=3)
    assert np.all(
        np.isfinite(cross_val_score(model, X, y, cv=3, scoring="neg_log_loss"))
    )
    grid = GridSearchCV(model, {"train_prior": ["estimate", "balanced"]}, cv=3)
    assert grid.fit(X, y).best_params_["train_prior"] in {"estimate", "balanced"}


def test_deploy_prior_of_zero_rules_a_class_out(binary_data):
    """A class that will not occur where the model is deployed gets probability 0."""
    X, y = binary_data
    model = PriorCorrector(LogisticRegression(), deploy_prior=[1.0, 0.0]).fit(X, y)
    np.testing.assert_array_equal(model.predict_proba(X[:5])[:, 1], 0.0)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"train_prior": [0.5, 0.5, 0.5]}, "must be 2 finite positive numbers"),
        ({"train_prior": [0.0, 1.0]}, "must be 2 finite positive numbers"),
        ({"deploy_prior": [np.inf, 1.0]}, "must be 2 finite non-negative numbers"),
        ({"deploy_prior": [-0.1, 1.1]}, "must be 2 finite non-negative numbers"),
        ({"deploy_prior": {9: 1.0}}, "names classes that are not in y"),
        ({"deploy_prior": {1: 0.05}}, "deploy_prior must give every class.*\\[0\\]"),
        ({"train_prior": {0: 0.5}}, "train_prior must give every class.*\\[1\\]"),
        ({"train_prior": "uniform"}, "'train_prior' parameter.*Got 'uniform'"),
        ({"train_prior": "em"}, "'train_prior' parameter.*Got 'em'"),
        ({"em_max_iter": 0}, "'em_max_iter' parameter"),
        ({"cv": "prefit"}, "already fitted"),
    ],
)
def test_bad_input(binary_data, params, match):
    """Bad priors and an unfitted prefit estimator raise a clear ValueError."""
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        PriorCorrector(LogisticRegression(), **params).fit(X, y)


_POSTERIORS = np.array([[0.9, 0.1], [0.2, 0.8]])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: em_prior(_POSTERIORS, [1.0, 0.0]), "prior must be 2 finite positive"),
        (lambda: em_prior(_POSTERIORS, [0.2, 0.3, 0.5]), "prior must be 2 finite"),
        (lambda: em_prior(np.zeros((0, 2)), [0.5, 0.5]), "at least one row"),
        (lambda: em_prior(_POSTERIORS[0], [0.5, 0.5]), "a 2-d array"),
        (lambda: em_prior([[np.nan, 0.1]], [0.5, 0.5]), "finite, non-negative"),
        (
            lambda: adjust_to_prior(_POSTERIORS, [1.0, 0.0], [0.5, 0.5]),
            "from_prior must be 2 finite positive",
        ),
        (
            lambda: adjust_to_prior(_POSTERIORS, [0.5, 0.5], [-1.0, 2.0]),
            "to_prior must be 2 finite non-negative",
        ),
    ],
)
def test_prior_functions_refuse_bad_input(call, match):
    """Mis-shaped or impossible inputs are errors, not NaN or numpy's words."""
    with pytest.raises(ValueError, match=match):
        call()


def test_em_prior_scales_the_prior_to_sum_to_one():
    """Only the prior's proportions matter."""
    np.testing.assert_allclose(
        em_prior(_POSTERIORS, [1.0, 1.0]), em_prior(_POSTERIORS, [0.5, 0.5])
    )
