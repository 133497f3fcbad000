import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.slow
def test_quick_start_runs(capsys):
    """The README's quick start runs and prints an average precision."""
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    exec(compile(code, str(README), "exec"), {})
    assert re.search(r"average precision: 0\.\d{3}", capsys.readouterr().out)


def test_every_part_snippet_builds():
    """The README's second snippet builds the estimators it names."""
    code = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)[1]
    namespace = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert namespace["model"].estimator is namespace["net"]
