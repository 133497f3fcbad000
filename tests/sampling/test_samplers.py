import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from skimb.neural import NetClassifier
from skimb.sampling import AugmentOverSampler, ClusterOverSampler, ClusterUnderSampler


@pytest.fixture
def two_blob_minority(rng):
    """A majority of 300 rows and a minority made of two blobs of 10 and 90 rows."""
    X = np.r_[
        rng.normal(0, 1, (300, 2)),
        rng.normal([10, 10], 0.5, (10, 2)),
        rng.normal([-10, 10], 0.5, (90, 2)),
    ]
    y = np.r_[np.zeros(300, int), np.ones(100, int)]
    return X, y


def test_cluster_over_equal_cluster_sizes(two_blob_minority):
    """After ClusterOverSampler the two minority blobs have equal sizes."""
    X, y = two_blob_minority
    X_res, y_res = ClusterOverSampler(n_clusters=2, random_state=0).fit_resample(X, y)
    minority = X_res[y_res == 1]
    small, big = np.sum(minority[:, 0] > 5), np.sum(minority[:, 0] < -5)
    assert small == big == 150
    assert np.sum(y_res == 0) == 300


def test_cluster_over_auto_finds_the_blobs(two_blob_minority):
    """n_clusters='auto' finds the two blobs and balances them."""
    X, y = two_blob_minority
    sampler = ClusterOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(np.unique(sampler.cluster_labels_[1])) == 2
    minority = X_res[y_res == 1]
    assert np.sum(minority[:, 0] > 5) == np.sum(minority[:, 0] < -5)


def test_cluster_over_copy_indices_and_interpolation(two_blob_minority):
    """Copies report their source rows; interpolated rows stay inside their blob."""
    X, y = two_blob_minority
    sampler = ClusterOverSampler(n_clusters=2, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])
    interp = ClusterOverSampler(n_clusters=2, new_rows="interpolate", random_state=0)
    X_int, y_int = interp.fit_resample(X, y)
    new = X_int[len(X) :]
    assert np.all((np.abs(new[:, 0]) > 8) & (new[:, 1] > 8))
    assert not hasattr(interp, "sample_indices_")


def test_cluster_over_multiclass(multiclass_data):
    """Every minority class reaches the majority's size."""
    X, y = multiclass_data
    _, y_res = ClusterOverSampler(n_clusters=2, random_state=0).fit_resample(X, y)
    counts = np.bincount(y_res)
    assert counts[1] >= counts[0] and counts[2] >= counts[0]


def test_cluster_under_cuts_big_clusters_first(rng):
    """ClusterUnderSampler keeps the small cluster whole and cuts the big one."""
    X = np.r_[
        rng.normal(0, 0.3, (180, 2)),
        rng.normal(6, 0.3, (20, 2)),
        rng.normal(3, 1, (50, 2)),
    ]
    y = np.r_[np.zeros(200, int), np.ones(50, int)]
    sampler = ClusterUnderSampler(n_clusters=2, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    kept = X_res[y_res == 0]
    assert len(kept) == 50
    assert np.sum(kept[:, 0] > 3) == 20  # all of the small cluster survives
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])


def test_gaussian_rows_stay_in_class_range(two_blob_minority):
    """Gaussian augmentation keeps every feature inside the class's range."""
    X, y = two_blob_minority
    X_res, y_res = AugmentOverSampler(noise_scale=0.5, random_state=0).fit_resample(
        X, y
    )
    minority, new = X[y == 1], X_res[len(X) :]
    assert np.all(new >= minority.min(axis=0)) and np.all(new <= minority.max(axis=0))
    assert np.bincount(y_res).tolist() == [300, 300]


def test_mixup_and_callable(two_blob_minority):
    """Mixup makes convex combinations; a callable augmentation is used as given."""
    X, y = two_blob_minority
    X_mix, _ = AugmentOverSampler(method="mixup", random_state=0).fit_resample(X, y)
    assert X_mix.shape == (600, 2)

    def flip(X_class, n_new, random_state):
        return -X_class[random_state.integers(len(X_class), size=n_new)]

    X_flip, _ = AugmentOverSampler(method=flip, random_state=0).fit_resample(X, y)
    assert np.all(X_flip[len(X) :, 1] < 0)


@pytest.mark.parametrize(
    "sampler",
    [
        ClusterOverSampler(random_state=3),
        ClusterUnderSampler(random_state=3),
        AugmentOverSampler(method="mixup", random_state=3),
    ],
)
def test_reproducible_and_pandas(two_blob_minority, sampler):
    """Same random_state, same output; a DataFrame comes back with its columns."""
    X, y = two_blob_minority
    a = sampler.fit_resample(X, y)[0]
    b = sampler.fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    frame = pd.DataFrame(X, columns=["height", "width"])
    X_res, y_res = sampler.fit_resample(frame, pd.Series(y, name="label"))
    assert list(X_res.columns) == ["height", "width"]
    assert y_res.name == "label"


def test_in_pipeline_and_net(two_blob_minority):
    """The samplers work in an imblearn pipeline and inside NetClassifier."""
    X, y = two_blob_minority
    pipe = make_pipeline(ClusterOverSampler(random_state=0), LogisticRegression())
    assert np.all(np.isfinite(cross_val_score(pipe, X, y, cv=3)))
    net = NetClassifier(
        sampler=ClusterUnderSampler(random_state=0),
        hidden_units=(8,),
        max_epochs=3,
        random_state=0,
    ).fit(X, y)
    assert net.class_counts_[0] == net.class_counts_[1]


def test_small_class_falls_back_with_warning(rng):
    """A class with fewer rows than n_clusters gets fewer clusters and a warning."""
    X = rng.normal(size=(23, 2))
    y = np.r_[np.zeros(20, int), np.ones(3, int)]
    with pytest.warns(UserWarning, match="Class 1 has 3 rows, fewer than n_clusters=5"):
        _, y_res = ClusterOverSampler(n_clusters=5, random_state=0).fit_resample(X, y)
    assert np.sum(y_res == 1) >= 20


@pytest.mark.parametrize(
    "sampler, match",
    [
        (ClusterOverSampler(sampling_strategy={1: 5}), "greater or equal"),
        (ClusterOverSampler(n_clusters=0), "n_clusters must be"),
        (ClusterOverSampler(n_clusters={1: 0}), "got 0 for class 1\\."),
        (
            ClusterOverSampler(n_clusters={"1": 2}),
            "n_clusters names classes that are not in y: \\['1'\\]",
        ),
        (
            ClusterUnderSampler(n_clusters={2: 2}),
            "n_clusters names classes that are not in y: \\[2\\]",
        ),
        (ClusterOverSampler(new_rows="smote"), "new_rows must be"),
        (AugmentOverSampler(method="rotate"), "method must be"),
        (AugmentOverSampler(alpha=0.0), "alpha must be"),
        (AugmentOverSampler(method="mixup", alpha=float("nan")), "alpha must be"),
        (AugmentOverSampler(noise_scale=-0.1), "noise_scale must be"),
        (AugmentOverSampler(noise_scale=float("nan")), "noise_scale must be"),
        (AugmentOverSampler(method=lambda X, n, r: X[:1]), "must return an array"),
    ],
)
def test_bad_input(two_blob_minority, sampler, match):
    """Bad parameters raise a ValueError that names the problem."""
    X, y = two_blob_minority
    with pytest.raises(ValueError, match=match):
        sampler.fit_resample(X, y)


@pytest.mark.parametrize(
    "sampler", [ClusterOverSampler(), ClusterUnderSampler(), AugmentOverSampler()]
)
def test_nan_is_refused(two_blob_minority, sampler):
    """NaN in X is a clear ValueError."""
    X, y = two_blob_minority
    X = X.copy()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        sampler.fit_resample(X, y)
