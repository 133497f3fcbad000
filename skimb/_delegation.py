"""Methods that a meta-estimator has only when the estimator it wraps has them."""

from sklearn.utils.metaestimators import available_if

__all__ = ["delegated_if"]


def _wrapped_has(attr, fitted_name):
    def check(self):
        # the fitted estimator once there is one, else the one given
        wrapped = getattr(self, fitted_name, None)
        if wrapped is None:
            wrapped = self.estimator
        return hasattr(wrapped, attr)

    return check


def delegated_if(attr, fitted_name="estimator_"):
    """``available_if`` the wrapped estimator has ``attr``.

    Parameters
    ----------
    attr : str
        The method the wrapped estimator must have.
    fitted_name : str, default="estimator_"
        The attribute holding the fitted wrapped estimator.

    Returns
    -------
    decorator : callable
        scikit-learn's ``available_if`` with that check.
    """
    return available_if(_wrapped_has(attr, fitted_name))
