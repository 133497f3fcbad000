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


def platt_scaling(z, positive):
    """Slope and intercept of ``P(positive | z) = expit(a z + b)``, and their
    covariance (the inverse of the observed information).

    Platt ("Probabilistic outputs for support vector machines", 1999), fitted
    by maximum likelihood on out-of-fold scores with his targets in place of
    0 and 1: ``(n_pos + 1) / (n_pos + 2)`` for a positive and ``1 / (n_neg +
    2)`` for a negative. They keep the fit finite when the scores separate
    the classes, where plain maximum likelihood would let the slope grow
    without bound and leave the posterior between the classes undetermined.
    """
    positive = np.asarray(positive, dtype=bool)
    n_pos = positive.sum()
    n_neg = len(positive) - n_pos
    target = np.where(positive, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def negative_log_likelihood(params):
        a, b = params
        eta = a * z + b
        return -np.mean(target * log_expit(eta) + (1 - target) * log_expit(-eta))

    def gradient(params):
        a, b = params
        residual = expit(a * z + b) - target
        return np.array([np.mean(residual * z), np.mean(residual)])

    start = np.array([1.0, logit(target.mean())])
    fit = minimize(negative_log_likelihood, start, jac=gradient, method="BFGS")
    a, b = fit.x
    q = expit(a * z + b)
    design = np.column_stack([z, np.ones_like(z)])
    information = design.T @ (design * (q * (1 - q))[:, None])
    return float(a), float(b), np.linalg.pinv(information)


def plug_in_below(
    positive, score, *, beta, threshold, best_value, is_proba, posterior=None
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
    slope, intercept, covariance = platt_scaling(z, positive)
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
