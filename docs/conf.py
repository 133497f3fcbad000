"""Sphinx configuration of skimb's documentation."""

import os

import skimb

project = "skimb"
author = "skimb developers"
copyright = "2026, skimb developers"
version = release = skimb.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_validation_checks = set()
# skorch's docstrings (inherited methods) are not numpydoc; do not cross-link them
numpydoc_xref_param_type = False
nitpicky = False

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]

html_theme = "pydata_sphinx_theme"
html_title = "skimb"
html_theme_options = {"navigation_with_keys": False}

intersphinx_mapping = {}

# SKIMB_DOCS_QUICK=1 builds the gallery without running the examples (CI runs
# them separately); by default every example runs at build time.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "plot_gallery": "False" if os.environ.get("SKIMB_DOCS_QUICK") else "True",
    "download_all_examples": False,
    "remove_config_comments": True,
}

suppress_warnings = ["autosummary.import_cycle"]
