"""Bundled KEEL data sets and synthetic generators."""

from ._keel import list_keel, load_keel
from ._synthetic import make_traffic_lights

__all__ = ["list_keel", "load_keel", "make_traffic_lights"]
