"""
Data-level remedies side by side
================================

A rare class made of three sub-groups of very different sizes (150, 40 and 10 rows
among 4,000). The same network is trained on the data as it is, after random under-
and oversampling, SMOTE, cluster-based oversampling and Gaussian augmentation
(each applied inside the net, to its training rows only), and with dynamic sampling
of its mini-batches. We compare the recall of the rare class, the recall of its
smallest sub-group, and the average precision.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.metrics import average_precision_score, recall_score
from sklearn.model_selection import train_test_split

from skimb.neural import DynamicSampling, NetClassifier
from skimb.sampling import AugmentOverSampler, ClusterOverSampler

rng = np.random.default_rng(0)
centres = np.array([[2.5, 0, 0, 0], [0, 2.5, 0, 0], [0, 0, 3, 0]])
sizes = [150, 40, 10]
X_rare = np.vstack([c + rng.normal(size=(n, 4)) for c, n in zip(centres, sizes)])
group = np.repeat([0, 1, 2], sizes)
X = np.r_[rng.normal(size=(3800, 4)), X_rare]
y = np.r_[np.zeros(3800, int), np.ones(200, int)]
groups = np.r_[np.full(3800, -1), group]
X_train, X_test, y_train, y_test, _, g_test = train_test_split(
    X, y, groups, test_size=0.5, stratify=groups, random_state=0
)

# %%
common = {"hidden_units": (32, 32), "class_weight": None, "random_state": 0}
models = {
    "none": NetClassifier(**common),
    "random under": NetClassifier(sampler=RandomUnderSampler(random_state=0), **common),
    "random over": NetClassifier(sampler=RandomOverSampler(random_state=0), **common),
    "SMOTE": NetClassifier(sampler=SMOTE(random_state=0), **common),
    "cluster over": NetClassifier(sampler=ClusterOverSampler(random_state=0), **common),
    "augment": NetClassifier(sampler=AugmentOverSampler(random_state=0), **common),
    "dynamic batches": NetClassifier(
        batch_sampling="balanced", callbacks=[DynamicSampling()], **common
    ),
}
rows = []
for name, model in models.items():
    model.fit(X_train, y_train)
    pred = model.predict(X_test)
    rows.append(
        {
            "remedy": name,
            "rare recall": recall_score(y_test, pred),
            "smallest group recall": np.mean(pred[g_test == 2] == 1),
            "majority recall": recall_score(y_test, pred, pos_label=0),
            "PR-AUC": average_precision_score(
                y_test, model.predict_proba(X_test)[:, 1]
            ),
        }
    )
table = pd.DataFrame(rows).set_index("remedy")
print(table.round(3))

# %%
table[["rare recall", "smallest group recall", "PR-AUC"]].plot.barh(figsize=(7, 5))
plt.xlabel("score on the test half")
plt.tight_layout()

# %%
# The headline
# ------------
# Every remedy finds more of the rare class than the untreated network.
untreated = table.loc["none", "rare recall"]
assert (table["rare recall"].drop("none") > untreated).all(), table
