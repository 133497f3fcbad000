import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import clone
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from skorch.callbacks import Callback

from skimb.neural import (
    MLP,
    NetClassifier,
    TieAwareEarlyStopping,
    auto_learning_rate,
)

FAST = {"hidden_units": (16,), "max_epochs": 15}


def _net(**params):
    return NetClassifier(**{**FAST, "random_state": 0, **params})


def test_pandas_in_and_string_labels(binary_data):
    """A DataFrame with int and float columns and string labels fits and predicts."""
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    frame["f0"] = (frame["f0"] * 10).round().astype("int64")
    labels = np.where(y == 1, "fraud", "ok")
    net = _net().fit(frame, pd.Series(labels))
    assert list(net.classes_) == ["fraud", "ok"]
    assert list(net.feature_names_in_) == list(frame.columns)
    assert set(net.predict(frame)) <= {"fraud", "ok"}


def test_labels_not_starting_at_zero(multiclass_data):
    """Integer labels 5, 7, 9 come back as themselves."""
    X, y = multiclass_data
    y = np.array([5, 7, 9])[y]
    net = _net().fit(X, y)
    assert list(net.classes_) == [5, 7, 9]
    assert set(net.predict(X)) <= {5, 7, 9}


@pytest.mark.parametrize(
    "loss", ["cross_entropy", "focal", "logit_adjusted", "balanced_softmax", "ldam"]
)
def test_every_loss_gives_probabilities(multiclass_data, loss):
    """Whatever the loss, rows of predict_proba sum to 1 and predict is their argmax."""
    X, y = multiclass_data
    net = _net(loss=loss).fit(X, y)
    proba = net.predict_proba(X)
    assert proba.shape == (len(X), 3)
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_array_equal(net.predict(X), net.classes_[proba.argmax(axis=1)])


def test_torch_loss_class_gets_class_weights(binary_data):
    """A torch loss class receives the class weights as its `weight` argument."""
    X, y = binary_data
    net = _net(loss=torch.nn.CrossEntropyLoss, class_weight="inverse").fit(X, y)
    counts = net.class_counts_
    expected = counts.sum() / counts
    np.testing.assert_allclose(net.criterion_.weight.numpy(), expected, rtol=1e-6)


def _noise_with_one_rare_row_in(ratio, seed, n=2600):
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % (ratio + 1) == 0).astype(int)
    return rng.normal(size=(n, 3)), y


@pytest.mark.parametrize("seed", [0, 1])
def test_dataset_normalization_balances_the_gradient(seed):
    """On features without signal and one rare row in 130, balanced weights with
    the dataset normalization put the predicted probability near 1/2."""
    X, y = _noise_with_one_rare_row_in(129, seed)
    net = _net(hidden_units=(), early_stopping=False, train_split=None, lr=1e-2)
    proba = net.set_params(random_state=seed).fit(X, y).predict_proba(X)[:, 1]
    assert 0.4 < proba.mean() < 0.6


@pytest.mark.parametrize("seed", [0, 1])
def test_batch_normalization_shortchanges_a_very_rare_class(seed):
    """With the batch's own weighted mean, the same net gives the rare class
    about 27 % (the expected share of its weight in a batch of 64), not 1/2."""
    X, y = _noise_with_one_rare_row_in(129, seed)
    net = _net(
        hidden_units=(),
        early_stopping=False,
        train_split=None,
        lr=1e-2,
        weight_normalization="batch",
    )
    proba = net.set_params(random_state=seed).fit(X, y).predict_proba(X)[:, 1]
    assert 0.2 < proba.mean() < 0.35


def test_nll_loss_rejected(binary_data):
    """NLLLoss expects log-probabilities, which the module does not return."""
    X, y = binary_data
    with pytest.raises(ValueError, match="CrossEntropyLoss instead of NLLLoss"):
        _net(loss=torch.nn.NLLLoss, class_weight=None).fit(X, y)


def test_class_weights_follow_each_fit():
    """class_weight_ is recomputed from the y of every fit."""
    X = np.random.default_rng(0).normal(size=(120, 3))
    net = _net(class_weight="balanced", max_epochs=2)
    net.fit(X, np.r_[np.zeros(100), np.ones(20)])
    first = net.class_weight_.copy()
    net.fit(X, np.r_[np.zeros(60), np.ones(60)])
    np.testing.assert_allclose(first, [0.6, 3.0])
    np.testing.assert_allclose(net.class_weight_, [1.0, 1.0])


def test_criterion_uses_class_weights(binary_data):
    """The default cross-entropy carries the balanced weights of the training rows."""
    X, y = binary_data
    net = _net(refit=False).fit(X, y)
    counts = net.class_counts_
    np.testing.assert_array_equal(counts + net.valid_class_counts_, np.bincount(y))
    np.testing.assert_allclose(
        net.criterion_.weight.numpy(), counts.sum() / (2 * counts), rtol=1e-6
    )


def test_same_random_state_same_predictions(binary_data):
    """Two fits with the same random_state predict identically."""
    X, y = binary_data
    p1 = _net(random_state=3).fit(X, y).predict_proba(X)
    p2 = _net(random_state=3).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(p1, p2)


def test_random_state_leaves_global_torch_rng_alone(binary_data):
    """Seeding inside fit does not reset the caller's torch RNG."""
    X, y = binary_data
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    _net(max_epochs=2).fit(X, y)
    assert torch.equal(torch.rand(1), expected)


def test_default_module_is_sized_from_data(multiclass_data):
    """The default MLP has n_features inputs and one output per class."""
    X, y = multiclass_data
    net = _net(hidden_units=(8, 4)).fit(X, y)
    linears = [m for m in net.module_.modules() if isinstance(m, torch.nn.Linear)]
    assert linears[0].in_features == X.shape[1]
    assert [lin.out_features for lin in linears] == [8, 4, 3]


def test_user_module_class_and_instance(binary_data):
    """A module class gets n_features / n_classes; an instance is copied per fit."""
    X, y = binary_data
    net = _net(module=MLP, module__hidden_units=(5,)).fit(X, y)
    assert net.module_.layers[0].in_features == X.shape[1]
    instance = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 2))
    before = instance[0].weight.detach().clone()
    _net(module=instance).fit(X, y)
    assert torch.equal(instance[0].weight, before)


def test_history_has_imbalance_scores(binary_data):
    """Each epoch records AP, F2, balanced accuracy and per-class recall."""
    X, y = binary_data
    net = _net().fit(X, y)
    row = net.validation_history_[-1]
    for key in ("valid_ap", "valid_f2", "valid_bacc", "valid_loss"):
        assert 0.0 <= row[key] <= max(1.0, row[key])
    assert len(row["valid_recall"]) == 2


def test_early_stopping_restores_best_epoch(binary_data):
    """Training stops `patience` epochs after the best AP, keeping the last tie."""
    X, y = binary_data
    net = _net(max_epochs=200, patience=3, lr=0.05, refit=False).fit(X, y)
    aps = np.array(net.history[:, "valid_ap"])
    best = np.flatnonzero(aps == aps.max())
    assert len(aps) == best[0] + 1 + 3
    stopper = dict(net.callbacks_)["early_stopping"]
    assert stopper.best_epoch_ == best[-1] + 1  # skorch counts epochs from 1


def _last_argmax(values):
    return int(np.flatnonzero(values == values.max())[-1])


def test_monitor_window_stops_on_the_moving_average(binary_data):
    """With monitor_window=k the kept epoch is the best of the k-epoch mean AP."""
    X, y = binary_data
    net = _net(
        max_epochs=200,
        patience=5,
        lr=0.05,
        monitor_window=3,
        random_state=2,
        refit=False,
    )
    net.fit(X, y)
    aps = np.array(net.history[:, "valid_ap"])
    smoothed = np.array([aps[max(0, i - 2) : i + 1].mean() for i in range(len(aps))])
    stopper = dict(net.callbacks_)["early_stopping"]
    assert stopper.best_epoch_ == _last_argmax(smoothed) + 1
    # the raw curve's best epoch is another one, so the test tells them apart
    assert stopper.best_epoch_ != _last_argmax(aps) + 1


def test_early_stopping_callback_rejects_a_bad_window(binary_data):
    """TieAwareEarlyStopping used on its own checks its window at fit."""
    X, y = binary_data
    stopper = TieAwareEarlyStopping(window=0)
    net = _net(early_stopping=False, callbacks=[stopper])
    with pytest.raises(ValueError, match="window must be an int >= 1; got 0"):
        net.fit(X, y)


def test_validation_split_is_stratified(binary_data):
    """The stratified split keeps each class's share in the validation part."""
    X, y = binary_data
    net = _net(valid_fraction=0.2, max_epochs=1, refit=False)
    net.fit(X, y)
    np.testing.assert_array_equal(
        net.valid_class_counts_, np.round(0.2 * np.bincount(y))
    )
    np.testing.assert_array_equal(
        net.class_counts_ + net.valid_class_counts_, np.bincount(y)
    )


def test_no_train_split_watches_train_loss(binary_data):
    """train_split=None trains on all rows and stops on the training loss."""
    X, y = binary_data
    net = _net(train_split=None).fit(X, y)
    assert "valid_ap" not in net.history[-1]
    callbacks = dict(net.callbacks_)
    assert callbacks["early_stopping"].monitor == "train_loss"


def test_validation_data_replaces_the_split(binary_data):
    """validation_data is validated on and every row of X is trained on."""
    X, y = binary_data
    net = _net(max_epochs=2).fit(X[:200], y[:200], validation_data=(X[200:], y[200:]))
    np.testing.assert_array_equal(net.class_counts_, np.bincount(y[:200]))
    np.testing.assert_array_equal(net.valid_class_counts_, np.bincount(y[200:]))
    assert "valid_ap" in net.history[-1]


def test_validation_data_scores_match_a_refit(binary_data):
    """The history's validation AP is the AP of the given rows."""
    X, y = binary_data
    net = _net(max_epochs=1, early_stopping=False)
    net.fit(X[:200], y[:200], validation_data=(X[200:], y[200:]))
    expected = average_precision_score(y[200:], net.predict_proba(X[200:])[:, 1])
    assert net.history[-1, "valid_ap"] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    "validation_data, match",
    [
        (np.zeros((5, 6)), "must be a pair"),
        ((np.zeros((5, 3)), np.zeros(5)), "features"),
        ((np.zeros((5, 6)), np.zeros(4)), "as many labels as rows"),
        ((np.zeros((5, 6)), np.full(5, 7)), "labels not seen"),
    ],
)
def test_bad_validation_data(binary_data, validation_data, match):
    """Malformed validation_data raises a ValueError that names the problem."""
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        _net().fit(X, y, validation_data=validation_data)


@pytest.mark.parametrize("pipeline_class", [Pipeline, ImbPipeline])
def test_in_pipelines(binary_data, pipeline_class):
    """It works as the last step of sklearn and imblearn pipelines."""
    X, y = binary_data
    pipe = pipeline_class([("scale", StandardScaler()), ("net", _net())])
    assert pipe.fit(X, y).predict_proba(X).shape == (len(X), 2)


@pytest.mark.slow
def test_cross_val_score_parallel(binary_data):
    """cross_val_score with n_jobs=2 runs and gives finite scores."""
    X, y = binary_data
    scores = cross_val_score(_net(), X, y, cv=3, n_jobs=2, scoring="average_precision")
    assert scores.shape == (3,)
    assert np.all(np.isfinite(scores))


def test_grid_search_over_weights_and_loss(binary_data):
    """GridSearchCV searches class_weight and loss."""
    X, y = binary_data
    grid = GridSearchCV(
        _net(max_epochs=5),
        {"class_weight": [None, "balanced"], "loss": ["cross_entropy", "focal"]},
        cv=2,
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert len(grid.cv_results_["params"]) == 4
    assert grid.best_params_["loss"] in {"cross_entropy", "focal"}


def test_clone_keeps_prefixed_params():
    """clone carries skorch's prefixed parameters."""
    net = _net(optimizer__weight_decay=0.01)
    cloned = clone(net)
    assert cloned.get_params()["optimizer__weight_decay"] == 0.01
    assert not hasattr(cloned, "module_")


def test_joblib_round_trip(binary_data, tmp_path):
    """A joblib dump and load predicts the same."""
    X, y = binary_data
    net = _net().fit(X, y)
    joblib.dump(net, tmp_path / "net.joblib")
    loaded = joblib.load(tmp_path / "net.joblib")
    np.testing.assert_array_equal(loaded.predict_proba(X), net.predict_proba(X))


def _with_nan(X):
    X = X.copy()
    X[0, 0] = np.nan
    return X


def _with_inf(X):
    X = X.copy()
    X[0, 0] = np.inf
    return X


@pytest.mark.parametrize(
    "make_input, params, match",
    [
        (lambda X, y: (_with_nan(X), y), {}, "Input X contains NaN"),
        (lambda X, y: (_with_inf(X), y), {}, "Input X contains infinity"),
        (lambda X, y: (X, np.zeros_like(y)), {}, "got 1 class \\(0\\)\\."),
        (lambda X, y: (X, y), {"loss": "hinge"}, "'loss' parameter.*Got 'hinge'"),
        (
            lambda X, y: (X, y),
            {"class_weight": "rare"},
            "'class_weight' parameter.*Got 'rare'",
        ),
        (lambda X, y: (X, y), {"monitor": "accuracy"}, "'monitor' parameter"),
        (
            lambda X, y: (X, y),
            {"weight_normalization": "sum"},
            "'weight_normalization' parameter",
        ),
        (lambda X, y: (X, y), {"valid_fraction": 1.5}, "'valid_fraction' parameter"),
        (lambda X, y: (X, y), {"train_split": "random"}, "'train_split' parameter"),
        (lambda X, y: (X, y), {"max_epochs": 0}, "'max_epochs' parameter"),
        (lambda X, y: (X, y), {"monitor_window": 0}, "'monitor_window' parameter"),
        (lambda X, y: (X, y), {"batch_size": 0}, "'batch_size' parameter"),
        (lambda X, y: (X, y), {"lr": -1.0}, "'lr' parameter"),
        (lambda X, y: (X, y), {"refit": "always"}, "'refit' parameter"),
        (lambda X, y: (X, y), {"module": "resnet"}, "'module' parameter"),
        (lambda X, y: (X, y), {"batch_norm": "yes"}, "'batch_norm' parameter"),
        (
            lambda X, y: (X, y),
            {"callbacks": ["EarlyStopping"]},
            "callbacks must hold skorch callbacks.*entry 0 is 'EarlyStopping'",
        ),
        (
            lambda X, y: (X, y),
            {"callbacks": [("stop", 3)]},
            "entry 0 is \\('stop', 3\\)",
        ),
        (
            lambda X, y: (X, y),
            {"callbacks": [(3, Callback())]},
            "entry 0 is \\(3, <skorch",
        ),
    ],
)
def test_bad_fit_input(binary_data, make_input, params, match):
    """Bad data or parameters raise a ValueError that names the problem."""
    X, y = make_input(*binary_data)
    with pytest.raises(ValueError, match=match):
        _net(**params).fit(X, y)


def test_callbacks_as_instances_classes_or_named_pairs(binary_data):
    """A callback may be given as an instance, a class or a (name, callback) pair,
    as a tuple or a list (skorch takes both)."""
    X, y = binary_data
    net = _net(
        max_epochs=2,
        callbacks=[_EpochCount(), ("counted", _EpochCount), ["listed", _EpochCount()]],
    ).fit(X, y)
    callbacks = dict(net.net_.callbacks_)
    counts = [callbacks[name].epochs for name in ("_EpochCount", "counted", "listed")]
    assert counts == [2, 2, 2]


class _EpochCount(Callback):
    def initialize(self):
        self.epochs = 0
        return self

    def on_epoch_end(self, net, **kwargs):
        self.epochs += 1


def test_fewer_samples_than_classes():
    """partial_fit with more classes than samples is refused."""
    with pytest.raises(ValueError, match="Fewer samples"):
        _net().partial_fit(np.zeros((2, 2)), [0, 1], classes=[0, 1, 2])


def test_feature_count_mismatch_at_predict(binary_data):
    """Predicting with another number of features is a clear ValueError."""
    X, y = binary_data
    net = _net(max_epochs=1).fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but NetClassifier"):
        net.predict(X[:, :5])


def test_unknown_prefixed_parameter(binary_data):
    """A parameter without a known prefix is refused at fit."""
    X, y = binary_data
    with pytest.raises(TypeError, match="unexpected parameters"):
        _net(hidden=3).fit(X, y)


def test_warm_start_continues_training(binary_data):
    """warm_start keeps the weights and history across fits."""
    X, y = binary_data
    net = _net(warm_start=True, early_stopping=False, max_epochs=3).fit(X, y)
    net.fit(X, y)
    assert len(net.history) == 6


@pytest.mark.parametrize("first_with_validation", [False, True])
def test_warm_start_follows_the_validation_of_each_fit(
    binary_data, first_with_validation
):
    """A warm start scores and stops on validation rows only when this fit has some."""
    X, y = binary_data
    net = _net(warm_start=True, train_split=None, max_epochs=2)
    with_validation = {"validation_data": (X[200:], y[200:])}
    net.fit(X[:200], y[:200], **(with_validation if first_with_validation else {}))
    net.fit(X[:200], y[:200], **({} if first_with_validation else with_validation))
    assert ("valid_ap" in net.history[-1]) != first_with_validation
    monitor = dict(net.callbacks_)["early_stopping"].monitor
    assert monitor == ("train_loss" if first_with_validation else "valid_ap")


class _TwoLayers(torch.nn.Module):
    def __init__(self, n_features, n_classes):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(n_features, 8),
            torch.nn.ReLU(),
            torch.nn.Linear(8, n_classes),
        )

    def forward(self, X):
        return self.layers(X)


@pytest.mark.parametrize(
    "changed",
    [
        {"hidden_units": (8,)},
        {"dropout": 0.3},
        {"batch_norm": True},
        {"module": _TwoLayers},
        {"module__hidden_units": (8,)},
        {"optimizer": torch.optim.SGD},
        {"weight_decay": 0.1},
        {"optimizer__betas": (0.8, 0.9)},
    ],
)
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_continued_fit_refuses_a_change_to_what_built_the_network(
    binary_data, changed, method
):
    """A warm start or partial_fit trains the fitted weights: their shape and
    optimizer cannot change in between."""
    X, y = binary_data
    net = _net(max_epochs=1, warm_start=True)
    getattr(net, method)(X, y)
    net.set_params(**changed)
    (name,) = changed
    with pytest.raises(ValueError, match=rf"^{name} \(.* changed since the fitted"):
        getattr(net, method)(X, y)


def test_continued_fit_of_a_module_ignores_the_default_mlp_parameters(binary_data):
    """hidden_units and the like build only the default MLP."""
    X, y = binary_data
    net = _net(module=_TwoLayers, max_epochs=1, warm_start=True).fit(X, y)
    net.set_params(hidden_units=(4,), dropout=0.5).fit(X, y)
    assert len(net.history) == 2


def test_continued_fit_takes_the_same_network_named_otherwise(binary_data):
    """None and "mlp" build the same network, as a list and a tuple of the same
    widths do; "auto" is the device it resolves to."""
    X, y = binary_data
    net = _net(max_epochs=1, warm_start=True, device="auto").fit(X, y)
    net.set_params(module="mlp", device=str(net.device_), hidden_units=[16]).fit(X, y)
    assert len(net.history) == 2


def test_continued_fit_takes_a_new_step_size(binary_data):
    """lr set between continued fits reaches the optimizer, whose state stays."""
    X, y = binary_data
    net = _net(max_epochs=1, warm_start=True, lr=1e-3).fit(X, y)
    steps = [state["step"].item() for state in net.optimizer_.state.values()]
    net.set_params(lr=0.05).fit(X, y)
    assert net.lr_ == 0.05
    assert [g["lr"] for g in net.optimizer_.param_groups] == [0.05]
    batches = sum("train_loss" in batch for batch in net.history[-1, "batches"])
    assert [s["step"].item() for s in net.optimizer_.state.values()] == [
        step + batches for step in steps
    ]


def test_partial_fit_keeps_its_auto_batch_size_until_it_is_set(binary_data):
    """Chunks of any size train at the batch size of the first; a batch size
    set since is taken, with the step size that "auto" gives it."""
    X, y = binary_data
    net = _net(max_epochs=1).partial_fit(X, y)
    first = (net.batch_size_, net.lr_)
    many = np.repeat(np.arange(len(y)), 70)
    net.partial_fit(X[many], y[many])
    assert (net.batch_size_, net.lr_) == first
    net.set_params(batch_size=16).partial_fit(X, y)
    assert net.batch_size_ == 16
    assert net.lr_ == pytest.approx(auto_learning_rate(16))


def test_warm_start_follows_new_early_stopping_settings(binary_data):
    X, y = binary_data
    net = _net(max_epochs=2, warm_start=True, patience=5, refit=False).fit(X, y)
    net.set_params(patience=1, monitor_window=2).fit(X, y)
    stopping = dict(net.callbacks_)["early_stopping"]
    assert (stopping.patience, stopping.window) == (1, 2)


def test_weight_decay_reaches_optimizer(binary_data):
    """weight_decay is the optimizer's default; optimizer__weight_decay wins."""
    X, y = binary_data
    net = _net(max_epochs=1, weight_decay=0.01).fit(X, y)
    assert net.optimizer_.param_groups[0]["weight_decay"] == 0.01
    net = _net(max_epochs=1, optimizer__weight_decay=0.2).fit(X, y)
    assert net.optimizer_.param_groups[0]["weight_decay"] == 0.2


def test_optimizer_is_torch_default_unless_told_otherwise(binary_data):
    """Adam runs with torch's defaults; optimizer__* reach the optimizer."""
    X, y = binary_data
    net = _net(max_epochs=1).fit(X, y)
    assert isinstance(net.optimizer_, torch.optim.Adam)
    assert not net.optimizer_.param_groups[0]["fused"]
    net = _net(max_epochs=1, optimizer__fused=True, optimizer__betas=(0.8, 0.9))
    net.fit(X, y)
    assert net.optimizer_.param_groups[0]["fused"] is True
    assert net.optimizer_.param_groups[0]["betas"] == (0.8, 0.9)


@pytest.mark.parametrize("verbose, has_print_log", [(0, False), (1, True)])
def test_print_log_only_when_verbose(binary_data, verbose, has_print_log, capsys):
    """The epoch table is built (and printed) only when verbose."""
    X, y = binary_data
    net = _net(max_epochs=1, verbose=verbose).fit(X, y)
    assert ("print_log" in dict(net.callbacks_)) is has_print_log
    assert ("train_loss" in capsys.readouterr().out) is has_print_log


def test_clone_keeps_misspelt_parameter_to_fail_at_fit(binary_data):
    """A misspelt keyword survives clone and fails at fit, never vanishes."""
    X, y = binary_data
    cloned = clone(_net(hiden_units=(4,)))
    with pytest.raises(TypeError, match="hiden_units"):
        cloned.fit(X, y)


def test_lbfgs_keeps_skorch_closure_path(binary_data):
    """An optimizer that re-evaluates the loss (LBFGS) still trains."""
    X, y = binary_data
    net = _net(optimizer=torch.optim.LBFGS, lr=0.1, weight_decay=0.0, max_epochs=3)
    net.fit(X, y)
    assert np.isfinite(net.history[-1, "train_loss"])


def test_save_and_load_params_round_trip(binary_data, tmp_path):
    """skorch's save_params / load_params carry one network's trained weights."""
    X, y = binary_data
    trained = _net(n_networks=1).fit(X, y)
    trained.save_params(f_params=tmp_path / "weights.pt")
    fresh = _net(max_epochs=1, random_state=1, n_networks=1).fit(X, y)
    assert not np.allclose(fresh.predict_proba(X), trained.predict_proba(X))
    fresh.load_params(f_params=tmp_path / "weights.pt")
    np.testing.assert_allclose(fresh.predict_proba(X), trained.predict_proba(X))


def test_component_parameters_reach_the_module_in_a_search(binary_data):
    """module__* set by a search reaches the default MLP of the refit net."""
    X, y = binary_data
    grid = GridSearchCV(
        _net(max_epochs=2), {"module__hidden_units": [(4,), (6,)]}, cv=2
    ).fit(X, y)
    width = grid.best_params_["module__hidden_units"][0]
    first_layer = next(
        m
        for m in grid.best_estimator_.module_.modules()
        if isinstance(m, torch.nn.Linear)
    )
    assert first_layer.out_features == width


def test_unfitted_net_has_no_skorch_state():
    """The skorch net's attributes are there only after fit."""
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        _net().history  # noqa: B018


class _Failing(Callback):
    def on_epoch_end(self, net, **kwargs):
        raise RuntimeError("stop here")


def test_fitted_net_keeps_no_rows_even_when_training_fails(binary_data):
    """After a failed fit the skorch net holds no validation rows."""
    X, y = binary_data
    net = _net(callbacks=[_Failing()])
    with pytest.raises(RuntimeError, match="stop here"):
        net.fit(X, y)
    assert net.net_.train_split is None


def test_a_lone_row_of_a_class_is_warned_of(binary_data):
    """A class with one training row gets a warning saying how many it has."""
    X, y = binary_data
    y = np.zeros_like(y)
    y[7] = 1
    with pytest.warns(UserWarning, match="too few rows of a class .*class 1: 1"):
        NetClassifier(max_epochs=1, train_split=None, random_state=0).fit(X, y)


def test_a_class_of_weight_zero_is_warned_of(binary_data):
    """Rows of sample_weight 0 teach nothing: a class of only those has none."""
    X, y = binary_data
    weight = np.where(y == 1, 0.0, 1.0)
    with pytest.warns(UserWarning, match="too few rows of a class .*class 1: 0"):
        NetClassifier(max_epochs=1, train_split=None, random_state=0).fit(
            X, y, sample_weight=weight
        )


class _ThreadProbe(Callback):
    """Records torch's thread count when training begins."""

    def on_train_begin(self, net, **kwargs):
        self.threads = torch.get_num_threads()


@pytest.mark.parametrize("n_threads, inside", [(1, 1), (2, 2), (None, 3)])
def test_n_threads_holds_during_fit_and_is_restored(binary_data, n_threads, inside):
    """fit runs on n_threads torch threads and leaves the caller's count as found."""
    X, y = binary_data
    previous = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        probe = _ThreadProbe()
        NetClassifier(
            max_epochs=1, n_threads=n_threads, callbacks=[probe], random_state=0
        ).fit(X, y)
        assert probe.threads == inside
        assert torch.get_num_threads() == 3
    finally:
        torch.set_num_threads(previous)
