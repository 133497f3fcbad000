"""Package attributes imported on first use (PEP 562).

``import skimb`` and ``skimb --help`` should not pay for torch: the heavy
submodules load when one of their names is first read.
"""

import importlib
import sys

__all__ = ["lazy_exports"]


def lazy_exports(package, exports):
    """The ``__getattr__`` and ``__dir__`` of a package with lazy attributes.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : dict of str to str
        Attribute name -> the relative module that defines it.

    Returns
    -------
    getattr, dir : callable
        To assign to the package's ``__getattr__`` and ``__dir__``.
    """

    def __getattr__(name):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        # cached on the package: the next read is a plain attribute
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
