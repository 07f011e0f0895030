"""Everything but a query: the manual (`manual/`), its analysis (`text/`), the index
(`index/`), the site (`site/`), and the failures a user can mend (`errors.py`)."""

import functools
import importlib
import sys
import types

# Whoosh imports the `cached_property` backport, which imports asyncio: about a third of
# a cold `cli.py search`. The standard library's version does the same job for Whoosh's
# synchronous properties, so it stands in before Whoosh is first imported.
if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim


class _Deferred(types.ModuleType):
    """A stand-in for a module that a query imports but never uses: the real module is
    imported, and takes its place, the first time anything asks for a name in it."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)

    # A name set or deleted (mock.patch, monkeypatch) goes to the real module: kept on the
    # stand-in, it would vanish for everyone who reaches the module once it is imported.
    # The import system's own (__spec__, __loader__: importlib.reload sets them, then runs
    # the module's code in this very object) stay here, as __getattr__ leaves them.
    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("__"):
            super().__setattr__(name, value)
        else:
            setattr(_real(self.__name__), name, value)

    def __delattr__(self, name: str) -> None:
        if name.startswith("__"):
            super().__delattr__(name)
        else:
            delattr(_real(self.__name__), name)


def _real(module: str) -> types.ModuleType:
    if isinstance(sys.modules.get(module), _Deferred):
        del sys.modules[module]
    return importlib.import_module(module)


def _defer(module: str, **names: object) -> None:
    if module not in sys.modules:
        stand_in = _Deferred(module)
        stand_in.__dict__.update(names)
        sys.modules[module] = stand_in
        parent, _, child = module.rpartition(".")
        if parent:  # `import urllib.request` then reads it as an attribute of the package
            setattr(importlib.import_module(parent), child, stand_in)


# whoosh.query imports whoosh.lang.morph_en (English word variations, compiling some 700
# regular expressions: about a tenth of a cold search) for its `Variations` query, which
# nothing here builds. `from ... import variations` takes the name at once, so the
# stand-in holds one that imports the real module when called.
MORPH_EN = "whoosh.lang.morph_en"
_defer(MORPH_EN, variations=lambda word: _real(MORPH_EN).variations(word))

# whoosh.compat imports urllib.request for `urlretrieve`, which no part of Whoosh we use
# calls; with it come http.client, email and ssl: close to half of a bare
# `import whoosh.index`, and more than our own modules take to import.
URL_REQUEST = "urllib.request"
_defer(URL_REQUEST, urlretrieve=lambda *a, **k: _real(URL_REQUEST).urlretrieve(*a, **k))

# dataclasses imports inspect (with ast, dis and tokenize: another tenth) and uses it only
# to write a docstring for a dataclass that has none; every dataclass a query imports has
# its own.
_defer("inspect")
