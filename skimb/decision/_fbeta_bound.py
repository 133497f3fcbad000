"""The F-beta bound on a threshold, and the plug-in threshold below it.

Predicting one more sample positive raises the expected F-beta exactly when its
probability of being positive exceeds ``F / (1 + beta**2)``, ``F`` the F-beta
reached so far; the F-beta-optimal rule thresholds the posterior at
``F* / (1 + beta**2)`` (Lipton, Elkan and Narayanaswamy, "Optimal thresholding
of classifiers to maximize F1 measure", ECML PKDD 2014, who give the F1 case,
``F* / 2``). Since ``F* <= 1``, no F-beta-optimal threshold lies above a
posterior of ``1 / (1 + beta**2)`` (0.2 for F2), whatever the data. A
threshold at which the calibrated posterior exceeds that bound, the
estimator's default or one tuned on few positives, is therefore too strict for
certain, and only how far to move is left to the data.
"""

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit, logit
from scipy.stats import norm

_EPS = 1e-6
_Z_95 = norm.ppf(0.95)


def _logit_scores(score, is_proba):
    score = np.asarray(score, dtype=float)
    return logit(np.clip(score, _EPS, 1 - _EPS)) if is_proba else score


def platt_scaling(z, positive, sample_weight=None):
    """Slope and intercept of ``P(positive | z) = expit(a z + b)``, and their
    covariance (the inverse of the observed information).

    Platt ("Probabilistic outputs for support vector machines", 1999), fitted
    by maximum likelihood on out-of-fold scores with his targets in place of
    0 and 1: ``(n_pos + 1) / (n_pos + 2)`` for a positive and ``1 / (n_neg +
    2)`` for a negative. They keep the fit finite when the scores separate
    the classes, where plain maximum likelihood would let the slope grow
    without bound and leave the posterior between the classes undetermined.

    With ``sample_weight`` each row counts as its weight, the weights scaled
    to sum to the number of rows that have any (so a row of weight zero is
    as good as left out, and only relative weights matter): the posterior
    is then that of the weighted rows, the one a weighted F-beta follows.
    """
    positive = np.asarray(positive, dtype=bool)
    weight = counting_weights(sample_weight, len(positive))
    n_pos = weight[positive].sum()
    n_neg = weight[~positive].sum()
    target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def negative_log_likelihood(params):
        a, b = params
        eta = a * z + b
        return -np.average(
            target * log_expit(eta) + (1 - target) * log_expit(-eta), weights=weight
        )

    def gradient(params):
        a, b = params
        residual = weight * (expit(a * z + b) - target)
        return np.array([np.sum(residual * z), np.sum(residual)]) / weight.sum()

    start = np.array([1.0, logit(np.average(target, weights=weight))])
    fit = minimize(negative_log_likelihood, start, jac=gradient, method="BFGS")
    a, b = fit.x
    q = expit(a * z + b)
    design = np.column_stack([z, np.ones_like(z)])
    information = design.T @ (design * (weight * q * (1 - q))[:, None])
    return float(a), float(b), np.linalg.pinv(information)


def counting_weights(sample_weight, n_rows):
    """Row weights scaled to sum to the number of rows with a weight (ones
    without ``sample_weight``): each row then counts as often as its weight
    says, relative to the others."""
    if sample_weight is None:
        return np.ones(n_rows)
    weight = np.asarray(sample_weight, dtype=float)
    return weight * (np.count_nonzero(weight) / weight.sum())


def plug_in_below(
    positive,
    score,
    *,
    beta,
    threshold,
    best_value,
    is_proba,
    posterior=None,
    sample_weight=None,
):
    """The F-beta plug-in threshold where a threshold is provably too strict.

    Parameters
    ----------
    positive : ndarray of bool
        Whether each out-of-fold sample is positive.
    score : ndarray
        Their out-of-fold positive-class scores.
    beta : float
        The F-beta's beta.
    threshold : float
        The threshold on ``score`` to check: the estimator's default, or one
        a rule chose.
    best_value : float
        The best F-beta of the threshold sweep, the plug-in's estimate of F*.
    is_proba : bool
        Whether the scores are probabilities (calibrated on their logits).
    posterior : float or None, default=None
        The posterior at ``threshold`` when it is known from how the model
        was fitted (a model fitted with balanced class weights puts it at the
        positive class's share at 0.5); None estimates it by Platt scaling
        and asks that it exceed the bound significantly.
    sample_weight : ndarray or None, default=None
        Row weights of a weighted F-beta: the Platt fit weights its rows by
        them (see :func:`platt_scaling`).

    Returns
    -------
    plug_in : float or None
        The score at which the calibrated posterior is ``best_value / (1 +
        beta**2)``, when the posterior at ``threshold`` exceeds ``1 / (1 +
        beta**2)`` (``posterior``, or the Platt estimate by a margin
        significant at the 5 % level, one-sided, on the logit scale with the
        fit's standard error); None when it does not, or when the scores do
        not rank positives higher.
    """
    z = _logit_scores(score, is_proba)
    slope, intercept, covariance = platt_scaling(z, positive, sample_weight)
    if not slope > 0:
        return None
    bound = 1.0 / (1.0 + beta**2)
    if posterior is not None:
        if not posterior > bound:
            return None
    elif not _platt_clears_the_bound(
        slope, intercept, covariance, _logit_scores(threshold, is_proba), bound
    ):
        return None
    target = np.clip(best_value * bound, _EPS, bound)
    z_plug_in = (logit(target) - intercept) / slope
    plug_in = float(expit(z_plug_in) if is_proba else z_plug_in)
    # a given posterior the calibration disagrees with can put the plug-in
    # above the threshold: the bound only ever moves it down
    return plug_in if plug_in < threshold else None


def _platt_clears_the_bound(slope, intercept, covariance, z_threshold, bound):
    """Whether the Platt posterior at a threshold is above ``bound`` with 95 %
    confidence: few scores near the threshold (a class the model separates)
    leave it too uncertain to act on."""
    at_threshold = np.array([float(z_threshold), 1.0])
    eta = slope * at_threshold[0] + intercept
    eta_se = float(np.sqrt(max(at_threshold @ covariance @ at_threshold, 0.0)))
    return eta - _Z_95 * eta_se > logit(bound)
