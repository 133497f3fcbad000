import re
import subprocess
import sys

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

import skimb
from skimb.bench import (
    BASE_METHODS,
    METHODS,
    check_out_dir,
    run_benchmark,
    summary,
    write_report,
)
from skimb.bench._catalog import METHOD_NAMES
from skimb.bench._methods import method_groups
from skimb.bench._run import _fold_tasks, _scores
from skimb.cli import main
from skimb.metrics import balanced_accuracy, f2_score, gmean_score


def test_run_and_report(tmp_path):
    """A small run gives one row per fold and writes all report files."""
    results = run_benchmark(
        ["glass5"],
        ["logreg_balanced", "logreg_balanced+tuned"],
        folds=2,
        n_jobs=1,
        progress=False,
    )
    assert len(results) == 4
    assert {"pr_auc", "f2", "f2_at_0.5", "gmean", "fit_time"} <= set(results)
    text = write_report(results, tmp_path)
    for name in ("report.md", "results.csv", "summary.csv", "ranks.png"):
        assert (tmp_path / name).stat().st_size > 0
    assert "| logreg_balanced |" in text
    assert set(summary(results).index) == {"logreg_balanced", "logreg_balanced+tuned"}


@pytest.mark.slow
@pytest.mark.parametrize("baseline", ["logreg_balanced", "skorch_mlp"])
def test_shared_fit_scores_as_separate_fits(baseline):
    """A baseline fitted with its tuned version scores as when each runs alone."""
    names = [baseline, f"{baseline}+tuned"]
    options = {"folds": 2, "n_jobs": 1, "progress": False}
    together = run_benchmark(["glass5"], names, **options)
    alone = pd.concat(
        [run_benchmark(["glass5"], [name], **options) for name in names],
        ignore_index=True,
    )
    scores = ["method", "fold", "pr_auc", "f2", "f2_at_0.5", "gmean"]
    pd.testing.assert_frame_equal(together[scores], alone[scores])
    assert (together["fit_time"] > 0).all()


def test_tasks_run_largest_first_and_slowest_methods_first():
    """Tasks start with the largest training folds, tuned pairs before others."""
    groups = method_groups(["skimb", "logreg", "logreg+tuned", "logreg_balanced"])
    tasks = _fold_tasks(["glass5", "page-blocks0"], groups, 2, 0)
    sizes = [len(task[4]) for task in tasks]
    assert sizes == sorted(sizes, reverse=True)
    assert {task[0] for task in tasks[:6]} == {"page-blocks0"}
    # page-blocks0 splits into two folds of one size
    assert [task[1] for task in tasks[:6:2]] == [
        ("logreg", "logreg+tuned"),
        ("skimb",),
        ("logreg_balanced",),
    ]
    assert len(tasks) == 2 * 2 * len(groups)


def test_fold_scores_are_skimb_metrics(binary_data):
    """A fold's scores are those of skimb's public metric functions."""
    X, y = binary_data
    model = LogisticRegression().fit(X[:200], y[:200])
    X_test, y_test = X[200:], y[200:]
    score = model.predict_proba(X_test)[:, 1]
    pred = model.predict(X_test)
    assert _scores(model, X_test, y_test) == {
        "pr_auc": average_precision_score(y_test, score),
        "f2": f2_score(y_test, pred, pos_label=1),
        "f2_at_0.5": f2_score(y_test, (score >= 0.5).astype(int), pos_label=1),
        "gmean": gmean_score(y_test, pred),
        "balanced_accuracy": balanced_accuracy(y_test, pred),
    }


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"datasets": ["iris"]}, "Unknown data sets \\['iris'\\]; known: abalone19"),
        ({"methods": ["svm"]}, "Unknown methods \\['svm'\\]; known: skimb"),
    ],
)
def test_unknown_names(kwargs, match):
    """Unknown data set or method names list the known ones."""
    with pytest.raises(ValueError, match=match):
        run_benchmark(**kwargs, folds=2, n_jobs=1, progress=False)


def test_unwritable_output(tmp_path):
    """An output folder that cannot be written is a clear error."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ValueError, match="Cannot write benchmark results"):
        check_out_dir(blocker / "sub")


def test_cli_reports_errors(capsys, tmp_path):
    """The command exits with status 2 and a message on bad input."""
    status = main(["bench", "--datasets", "nope", "--out", str(tmp_path)])
    assert status == 2
    assert "Unknown data sets" in capsys.readouterr().err


def test_cli_runs(capsys, tmp_path):
    """`skimb bench` with explicit small choices prints the report and its run time."""
    status = main(
        [
            "bench",
            "--datasets",
            "ecoli1",
            "--methods",
            "logreg",
            "--folds",
            "2",
            "--jobs",
            "1",
            "--no-progress",
            "--out",
            str(tmp_path),
        ]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "# skimb bench" in printed
    assert re.search(r"Finished in \d+ min \d+ s\.", printed)


def test_cli_version(capsys):
    """`skimb --version` prints the package's version."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"skimb {skimb.__version__}"


def test_cli_help_lists_the_methods(capsys):
    """The bench help names every method the benchmark knows."""
    with pytest.raises(SystemExit):
        main(["bench", "--help"])
    printed = " ".join(capsys.readouterr().out.split())
    assert all(name in printed for name in BASE_METHODS)
    assert list(METHODS) == METHOD_NAMES


def test_cli_rejects_an_unknown_method(capsys):
    """An unknown method name is refused by the parser, with the known ones."""
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--methods", "catboost"])
    assert exit_info.value.code == 2
    assert "hgb_balanced+tuned" in capsys.readouterr().err


def test_importing_the_command_leaves_torch_unloaded():
    """`import skimb.cli` (what `skimb --help` runs) does not import torch."""
    code = "import sys, skimb.cli; print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_method_whose_package_is_missing_is_skipped_with_a_message(
    capsys, monkeypatch
):
    from skimb.bench import _methods

    monkeypatch.setitem(
        _methods.OPTIONAL_PACKAGES, "logreg", "no_such_package_for_skimb"
    )
    results = run_benchmark(
        ["glass5"],
        ["logreg", "logreg+tuned", "logreg_balanced"],
        folds=2,
        n_jobs=1,
        progress=False,
    )
    assert set(results["method"]) == {"logreg_balanced"}
    err = capsys.readouterr().err
    assert "logreg skipped, no_such_package_for_skimb is not installed" in err
    assert "logreg+tuned skipped" in err
    assert "pip install 'skimb[bench]'" in err
