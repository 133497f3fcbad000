import numpy as np
import pytest
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression

from skimb.decision import ThresholdOptimizer
from skimb.decision._fbeta_bound import platt_scaling, plug_in_below


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


def test_platt_scaling_with_equal_weights_is_unweighted(rng):
    """Only relative weights matter."""
    z = rng.normal(size=2000)
    positive = rng.random(2000) < expit(z - 2.0)
    unweighted = platt_scaling(z, positive)
    weighted = platt_scaling(z, positive, np.full(2000, 3.0))
    np.testing.assert_allclose(weighted[:2], unweighted[:2], rtol=1e-5)
    np.testing.assert_allclose(weighted[2], unweighted[2], rtol=1e-4)


def test_plug_in_leaves_out_rows_of_weight_zero(calibrated):
    """The Platt fit of a weighted F-beta counts rows by their weights: a row
    of weight zero is as good as left out."""
    positive, score = calibrated
    # the rows left out are mostly negatives scored high: the posterior of the
    # rows that count is higher there
    weight = np.where(
        (score > 0.5) & ~positive & (np.arange(len(score)) % 2 == 0), 0, 1
    )
    kept = weight == 1
    bound = {"beta": 2.0, "threshold": 0.9, "best_value": 0.8, "is_proba": True}
    weighted = plug_in_below(positive, score, sample_weight=weight, **bound)
    dropped = plug_in_below(positive[kept], score[kept], **bound)
    unweighted = plug_in_below(positive, score, **bound)
    assert weighted == pytest.approx(dropped, rel=1e-4)
    assert weighted != pytest.approx(unweighted, rel=1e-2)


@pytest.mark.parametrize("beta", [1.0, 2.0])
def test_plug_in_is_the_best_value_over_one_plus_beta_squared(calibrated, beta):
    """On calibrated scores the plug-in threshold is F / (1 + beta**2)."""
    positive, score = calibrated
    threshold = plug_in_below(
        positive, score, beta=beta, threshold=0.6, best_value=0.8, is_proba=True
    )
    assert threshold == pytest.approx(0.8 / (1 + beta**2), abs=0.02)


def test_plug_in_on_a_decision_function(calibrated):
    """Scores that are logits get a threshold in logit units."""
    positive, score = calibrated
    z = logit(np.clip(score, 1e-6, 1 - 1e-6))
    threshold = plug_in_below(
        positive, z, beta=2.0, threshold=0.0, best_value=0.8, is_proba=False
    )
    assert threshold == pytest.approx(logit(0.16), abs=0.1)


def test_no_plug_in_when_the_default_is_below_the_bound(calibrated):
    """A default whose posterior is under 1 / (1 + beta**2) is left alone."""
    positive, score = calibrated
    threshold = plug_in_below(
        positive, score, beta=2.0, threshold=0.15, best_value=0.8, is_proba=True
    )
    assert threshold is None


def test_no_plug_in_for_scores_that_rank_backwards(calibrated):
    """Scores lower for positives give no calibrated posterior to act on."""
    positive, score = calibrated
    threshold = plug_in_below(
        positive, 1 - score, beta=2.0, threshold=0.5, best_value=0.8, is_proba=True
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
    threshold = plug_in_below(
        positive, score, beta=2.0, threshold=0.5, best_value=1.0, is_proba=True
    )
    assert threshold is None


@pytest.mark.parametrize(
    "threshold, posterior, expected",
    [
        # a known posterior above the bound moves, to the Platt plug-in
        (0.6, 0.3, 0.16),
        # a known posterior under the bound stays, though Platt puts 0.6 above
        (0.6, 0.1, None),
        # a plug-in above the default (the calibration disagreeing) is not taken
        (0.1, 0.3, None),
    ],
)
def test_a_given_posterior(calibrated, threshold, posterior, expected):
    """A known posterior replaces the Platt test; the threshold only moves down."""
    positive, score = calibrated
    plug_in = plug_in_below(
        positive,
        score,
        beta=2.0,
        threshold=threshold,
        best_value=0.8,
        is_proba=True,
        posterior=posterior,
    )
    if expected is None:
        assert plug_in is None
    else:
        assert plug_in == pytest.approx(expected, abs=0.02)


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


def _posterior_jumping_at(rng, jump):
    """Scores whose positive share jumps from 3 % to 70 % at ``jump``."""
    score = rng.uniform(0.2, 0.9, 4000)
    positive = rng.random(4000) < np.where(score > jump, 0.7, 0.03)
    return score[:, None], positive.astype(int)


@pytest.mark.parametrize("f_beta_bound", ["calibrated", "balanced"])
def test_threshold_optimizer_moves_a_tuned_threshold_above_the_bound(
    score_column, rng, f_beta_bound
):
    """A tuned threshold whose Platt posterior is above F2's bound moves down.

    The sweep's best F2 threshold sits at the jump, where the Platt fit,
    smooth across it, puts the posterior above 0.2; a tuned threshold's
    posterior is the Platt estimate under either setting.
    """
    X, y = _posterior_jumping_at(rng, 0.6)
    tuned = ThresholdOptimizer(
        score_column, objective="f2", cv="prefit", prefer_default=None
    ).fit(X, y)
    bounded = ThresholdOptimizer(
        score_column,
        objective="f2",
        cv="prefit",
        prefer_default=None,
        f_beta_bound=f_beta_bound,
    ).fit(X, y)
    assert tuned.threshold_ == pytest.approx(0.6, abs=0.01)
    assert not tuned.f_beta_bound_moved_
    assert bounded.f_beta_bound_moved_
    assert bounded.threshold_ < tuned.threshold_
    assert "the tuned threshold lies above" in bounded.decision_reason_


def test_threshold_optimizer_keeps_a_tuned_threshold_under_the_bound(
    score_column, calibrated
):
    """On calibrated scores the tuned F2 threshold is near F* / 5: it stays."""
    positive, score = calibrated
    model = ThresholdOptimizer(
        score_column,
        objective="f2",
        cv="prefit",
        prefer_default=None,
        f_beta_bound="calibrated",
    ).fit(score[:, None], positive.astype(int))
    assert model.threshold_ < 0.2
    assert not model.f_beta_bound_moved_
