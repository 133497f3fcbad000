import importlib
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[1] / "docs" / "api.rst"
SUBPACKAGES = [
    "skimb",
    "skimb.neural",
    "skimb.weights",
    "skimb.decision",
    "skimb.metrics",
    "skimb.sampling",
    "skimb.tuning",
    "skimb.datasets",
    "skimb.bench",
]


@pytest.mark.parametrize("module", SUBPACKAGES)
def test_every_public_name_is_in_the_api_reference(module):
    """Each name in a subpackage's __all__ appears in docs/api.rst."""
    entries = {line.strip() for line in API.read_text().splitlines()}
    constants = API.read_text()
    names = [n for n in importlib.import_module(module).__all__ if n != "__version__"]
    missing = [n for n in names if n not in entries and f"``{n}``" not in constants]
    assert not missing, f"{module}: {missing} missing from docs/api.rst"
