import numpy as np
import pytest
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression

from skimb.decision import ThresholdOptimizer
from skimb.decision._fbeta_bound import platt_scaling, plug_in_below_default


@pytest.fixture
def calibrated(rng):
    """Scores that are the true probability of the positive class."""
    score = rng.random(20000)
    return rng.random(20000) < score, score


def test_platt_scaling_recovers_slope_and_intercept(rng):
    """Labels drawn from expit(a z + b) give back a and b."""
    z = rng.normal(size=50000)
    positive = rng.random(50000) < expit(0.5 * z - 1.0)
    slope, intercept, _ = platt_scaling(z, positive)
    assert slope == pytest.approx(0.5, abs=0.05)
    assert intercept == pytest.approx(-1.0, abs=0.05)


@pytest.mark.parametrize("beta", [1.0, 2.0])
def test_plug_in_is_the_best_value_over_one_plus_beta_squared(calibrated, beta):
    """On calibrated scores the plug-in threshold is F / (1 + beta**2)."""
    positive, score = calibrated
    threshold = plug_in_below_default(
        positive, score, beta=beta, default=0.6, best_value=0.8, is_proba=True
    )
    assert threshold == pytest.approx(0.8 / (1 + beta**2), abs=0.02)


def test_plug_in_on_a_decision_function(calibrated):
    """Scores that are logits get a threshold in logit units."""
    positive, score = calibrated
    z = logit(np.clip(score, 1e-6, 1 - 1e-6))
    threshold = plug_in_below_default(
        positive, z, beta=2.0, default=0.0, best_value=0.8, is_proba=False
    )
    assert threshold == pytest.approx(logit(0.16), abs=0.1)


def test_no_plug_in_when_the_default_is_below_the_bound(calibrated):
    """A default whose posterior is under 1 / (1 + beta**2) is left alone."""
    positive, score = calibrated
    threshold = plug_in_below_default(
        positive, score, beta=2.0, default=0.15, best_value=0.8, is_proba=True
    )
    assert threshold is None


def test_no_plug_in_for_scores_that_rank_backwards(calibrated):
    """Scores lower for positives give no calibrated posterior to act on."""
    positive, score = calibrated
    threshold = plug_in_below_default(
        positive, 1 - score, beta=2.0, default=0.5, best_value=0.8, is_proba=True
    )
    assert threshold is None


def test_no_plug_in_when_the_classes_are_separated(rng):
    """No score near the default: its posterior is too uncertain to act on.

    The Platt fit puts it near 0.3, above F2's bound of 0.2, but not
    significantly so.
    """
    positive = np.r_[np.zeros(200, bool), np.ones(40, bool)]
    score = np.r_[rng.uniform(0.0, 0.2, 200), rng.uniform(0.8, 1.0, 40)]
    _, intercept, _ = platt_scaling(logit(score), positive)
    assert expit(intercept) > 0.2
    threshold = plug_in_below_default(
        positive, score, beta=2.0, default=0.5, best_value=1.0, is_proba=True
    )
    assert threshold is None


@pytest.mark.parametrize(
    "default, default_posterior, expected",
    [
        # a known posterior above the bound moves, to the Platt plug-in
        (0.6, 0.3, 0.16),
        # a known posterior under the bound stays, though Platt puts 0.6 above
        (0.6, 0.1, None),
        # a plug-in above the default (the calibration disagreeing) is not taken
        (0.1, 0.3, None),
    ],
)
def test_a_given_default_posterior(calibrated, default, default_posterior, expected):
    """A known posterior at the default replaces the Platt test; it only moves down."""
    positive, score = calibrated
    threshold = plug_in_below_default(
        positive,
        score,
        beta=2.0,
        default=default,
        best_value=0.8,
        is_proba=True,
        default_posterior=default_posterior,
    )
    if expected is None:
        assert threshold is None
    else:
        assert threshold == pytest.approx(expected, abs=0.02)


def _balanced_common_class(seed):
    """30 % positives under a balanced logistic regression: its 0.5 sits near a
    posterior of 0.3, above F2's bound of 0.2."""
    rng = np.random.default_rng(seed)
    y = (rng.random(400) < 0.3).astype(int)
    return rng.normal(size=(400, 2)) + y[:, None], y


def _fit_balanced_logistic(X, y, objective="f2", **params):
    return ThresholdOptimizer(
        LogisticRegression(class_weight="balanced"),
        objective=objective,
        prefer_default="cv",
        random_state=0,
        **params,
    ).fit(X, y)


def _rare_class(rng):
    """5 % positives: under balanced weights their 0.5 sits near a posterior of
    0.05, below F2's bound of 0.2."""
    y = (rng.random(2000) < 0.05).astype(int)
    return rng.normal(size=(2000, 2)) + 1.0 * y[:, None], y


def test_threshold_optimizer_leaves_a_default_above_the_bound():
    """A default the cv rule keeps moves down when it is too strict for F2."""
    # a draw on which the held-out gain of tuning is within its standard error
    X, y = _balanced_common_class(seed=3)
    model = _fit_balanced_logistic(X, y, f_beta_bound="calibrated")
    assert model.f_beta_bound_moved_
    assert model.threshold_moved_
    assert model.threshold_ < 0.5
    assert model.improvement_ <= model.improvement_se_


def test_threshold_optimizer_bound_is_for_f_beta_only():
    """Another objective keeps the cv rule's default on the same data."""
    X, y = _balanced_common_class(seed=3)
    model = _fit_balanced_logistic(
        X, y, objective="balanced_accuracy", f_beta_bound="calibrated"
    )
    assert not model.f_beta_bound_moved_
    assert model.threshold_ == 0.5


def test_threshold_optimizer_keeps_a_rare_class_balanced_default(rng):
    """A rare class under balanced weights is under F2's bound: no move."""
    model = _fit_balanced_logistic(*_rare_class(rng), f_beta_bound="calibrated")
    assert not model.f_beta_bound_moved_


def test_threshold_optimizer_bound_is_off_by_default():
    """Without f_beta_bound the cv rule's kept default stays."""
    model = _fit_balanced_logistic(*_balanced_common_class(seed=3))
    assert not model.f_beta_bound_moved_
    assert model.threshold_ == 0.5


def test_balanced_bound_moves_a_common_class():
    """f_beta_bound='balanced' moves a class more common than F2's bound."""
    X, y = _balanced_common_class(seed=3)
    model = _fit_balanced_logistic(X, y, f_beta_bound="balanced")
    assert model.f_beta_bound_moved_
    assert model.threshold_ < 0.5


def test_balanced_bound_keeps_a_rare_class(rng):
    """f_beta_bound='balanced' leaves a class rarer than F2's bound alone."""
    model = _fit_balanced_logistic(*_rare_class(rng), f_beta_bound="balanced")
    assert not model.f_beta_bound_moved_
