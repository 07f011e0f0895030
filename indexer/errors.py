"""Failures a user can act on, as opposed to problems found in the manual or bugs of ours.

Every such failure is an `EcmError`: its message is one sentence that says what went
wrong and what to do. The CLI prints it on stderr and exits with status 2 (status 1
is kept for a manual with errors); the web app answers 503 with `{"error": message}`.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class EcmError(Exception):
    """A failure the user can mend: bad input, a missing or unusable index, a tool that failed."""


class ManualNotFound(EcmError):
    """The manual folder does not exist or is not a folder."""


class IndexMissing(EcmError):
    """No index has been built in this folder."""


class IndexStale(EcmError):
    """The index was built by another version of the analyzer, or cannot be read."""


class DictionaryNotLoaded(EcmError):
    """The index needs a word list this process cannot load."""


class CategoryClash(EcmError):
    """A category folder has the name of one of the site's own folders."""


class SiteBuildFailed(EcmError):
    """mkdocs stopped the site's build; its message says why."""


class StaticExportFailed(EcmError):
    """The index cannot be exported into the site: there is none, or it is of the other edition."""


class UsersFileError(EcmError):
    """The sign-in users file cannot be read or written."""


class UnknownFilterValue(EcmError):
    """A --category, --tag or --lang value no indexed procedure has."""


class WeakSecret(EcmError):
    """A password or token too short (or too long) to be accepted for sign-in."""


class BaseNotFound(EcmError):
    """`check --base REF`: the manual is not in git, or REF is not one of its commits."""


class IndexWriteFailed(EcmError):
    """A process writing the index failed; the index in use is the one from before."""


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.5, examples: bool = True) -> str:
    """The end of a message about a value that is not one of `known`: the nearest known
    value (letter case aside: PASSPORT-LOST is passport-lost), or else, with `examples`,
    a few of them."""
    import difflib  # only when a message is written: not at every start

    by_folded = {k.casefold(): k for k in sorted(known)}
    near = difflib.get_close_matches(value.casefold(), list(by_folded), n=1, cutoff=cutoff)
    if near:
        return f"; did you mean {by_folded[near[0]]!r}?"
    return f"; known: {', '.join(list(by_folded.values())[:8])}" if by_folded and examples else ""
