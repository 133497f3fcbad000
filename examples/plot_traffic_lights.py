"""
Traffic lights: when accuracy hides a class that is never found
================================================================

Red 56%, yellow 3%, green 41%. A network trained with plain cross-entropy reaches
a fine accuracy while it almost never says "yellow". Inverse-frequency class weights
(1.8 / 33.3 / 2.4) and per-class decision weights tuned for balanced accuracy find
most of yellow again (here nearly nine in ten test yellows instead of about one in
three), at a cost in accuracy that balanced accuracy accepts.
"""

# %%
# The data
# --------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score
from sklearn.model_selection import train_test_split

from skimb.datasets import make_traffic_lights
from skimb.decision import ThresholdOptimizer
from skimb.metrics import imbalance_report
from skimb.neural import NetClassifier
from skimb.weights import compute_class_weight

X, y = make_traffic_lights(10_000, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
weights = compute_class_weight(y_train, "inverse")
print({light: round(w, 1) for light, w in weights.items()})

# %%
# Plain cross-entropy
# -------------------
plain = NetClassifier(class_weight=None, random_state=0).fit(X_train, y_train)
plain_pred = plain.predict(X_test)
print(f"accuracy {accuracy_score(y_test, plain_pred):.3f}")
print(imbalance_report(y_test, plain_pred))

# %%
# Inverse-frequency weights and per-class decision weights
# --------------------------------------------------------
fixed = ThresholdOptimizer(
    NetClassifier(class_weight="inverse", random_state=0),
    objective="balanced_accuracy",
    cv=3,
    random_state=0,
).fit(X_train, y_train)
fixed_pred = fixed.predict(X_test)
print(f"accuracy {accuracy_score(y_test, fixed_pred):.3f}")
print(
    "decision weights",
    {str(c): round(float(w), 2) for c, w in zip(fixed.classes_, fixed.class_weights_)},
)
print(fixed.decision_reason_)
print(imbalance_report(y_test, fixed_pred))

# %%
# The confusion matrices
# ----------------------
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
labels = ["red", "yellow", "green"]
for ax, pred, title in zip(
    axes, [plain_pred, fixed_pred], ["plain", "weighted + tuned"]
):
    ConfusionMatrixDisplay.from_predictions(y_test, pred, labels=labels, ax=ax)
    ax.set_title(title)
plt.tight_layout()

# %%
# The headline
# ------------
yellow = y_test == "yellow"
before = np.mean(plain_pred[yellow] == "yellow")
after = np.mean(fixed_pred[yellow] == "yellow")
print(f"yellow recall: {before:.2f} -> {after:.2f}")
assert before < 0.5 and after > 0.8 and after >= 2 * before, (before, after)
assert fixed.threshold_moved_ and fixed.improvement_ > fixed.improvement_se_
