"""
Balanced batches, a tuned threshold, and a test set with another class balance
==============================================================================

A network trained on balanced mini-batches predicts as if both classes were equally
common. :class:`~skimb.decision.PriorCorrector` brings its probabilities back to
the training prior (2% positives); when the deployment data has 20% positives, EM
(Saerens et al. 2002) estimates that new prior from the unlabelled test rows and
corrects the probabilities again.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import accuracy_score, log_loss

from skimb.decision import PriorCorrector, ThresholdOptimizer
from skimb.neural import NetClassifier

rng = np.random.default_rng(0)


def sample(n, positive_share):
    n_pos = int(round(n * positive_share))
    X = np.r_[rng.normal(0, 1, (n - n_pos, 4)), rng.normal(1.2, 1, (n_pos, 4))]
    return X, np.r_[np.zeros(n - n_pos, int), np.ones(n_pos, int)]


X_train, y_train = sample(10_000, 0.02)
X_shift, y_shift = sample(4_000, 0.20)

# %%
# Balanced batches, and a threshold chosen on held-out rows
# ----------------------------------------------------------
net = NetClassifier(
    hidden_units=(32,), batch_sampling="balanced", class_weight=None, random_state=0
)
tuned = ThresholdOptimizer(net, objective="f1", cv=0.25, random_state=0)
tuned.fit(X_train, y_train)
print(f"threshold for F1, chosen on a 25% hold-out: {tuned.threshold_:.3f}")

# %%
# Probabilities back on the priors
# --------------------------------
raw = net.fit(X_train, y_train)
on_train_prior = PriorCorrector(raw, train_prior="balanced", cv="prefit").fit(
    X_train, y_train
)
em = PriorCorrector(raw, train_prior="balanced", deploy_prior="em", cv="prefit").fit(
    X_train, y_train
)
estimate = em.estimate_prior(X_shift)[1]
print(f"true positive share of the shifted data 0.20, EM estimate {estimate:.3f}")
rows = {
    "balanced batches, raw": raw.predict_proba(X_shift),
    "corrected to 2%": on_train_prior.predict_proba(X_shift),
    "EM, corrected to the estimate": em.predict_proba(X_shift),
}
for name, proba in rows.items():
    print(
        f"{name:<32} log-loss {log_loss(y_shift, proba):.3f}  "
        f"accuracy {accuracy_score(y_shift, proba.argmax(axis=1)):.3f}"
    )

# %%
fig, ax = plt.subplots()
for name, proba in rows.items():
    ax.hist(proba[:, 1], bins=40, histtype="step", label=name)
ax.set_xlabel("predicted probability of the positive class")
ax.legend()
plt.tight_layout()

# %%
# The headline
# ------------
assert abs(estimate - 0.20) < 0.03, estimate
fixed, wrong = rows["EM, corrected to the estimate"], rows["corrected to 2%"]
assert log_loss(y_shift, fixed) < log_loss(y_shift, wrong)
assert accuracy_score(y_shift, fixed.argmax(1)) > accuracy_score(
    y_shift, wrong.argmax(1)
)
