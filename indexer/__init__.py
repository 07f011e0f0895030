"""Everything but a query: the manual (`manual/`), its analysis (`text/`), the index
(`index/`), the site (`site/`), and the failures a user can mend (`errors.py`)."""

import functools
import sys
import types

# Whoosh imports the `cached_property` backport, which imports asyncio: about a third of
# a cold `cli.py search`. The standard library's version does the same job for Whoosh's
# synchronous properties, so it stands in before Whoosh is first imported.
if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim
