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

# whoosh.query imports whoosh.lang.morph_en (English word variations, compiling some 700
# regular expressions: about a tenth of a cold search) for its `Variations` query, which
# nothing here builds. A stand-in defers the real module to the first use of any name in it.
MORPH_EN = "whoosh.lang.morph_en"


def _real_morph_en() -> types.ModuleType:
    if isinstance(sys.modules.get(MORPH_EN), _DeferredModule):
        del sys.modules[MORPH_EN]
    return importlib.import_module(MORPH_EN)


class _DeferredModule(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(_real_morph_en(), name)


def _variations(word: str):
    return _real_morph_en().variations(word)


if MORPH_EN not in sys.modules:
    _stand_in = _DeferredModule(MORPH_EN)
    _stand_in.variations = _variations  # type: ignore[attr-defined]
    sys.modules[MORPH_EN] = _stand_in
