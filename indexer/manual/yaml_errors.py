"""YAML syntax errors as an editor can act on them: where, and what to type instead.

PyYAML says what its parser expected ("mapping values are not allowed here"); an
editor needs the fix ("put the value in quotes"). `explain` turns the parser's error
into the line and column of the file and one sentence naming the likely mistake: a
value holding ": ", a tab in the indentation, a quote or bracket never closed, a line
without a key, a value starting with a character YAML reserves.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

RESERVED_STARTS = "@`%&*!|>"  # characters that cannot begin a plain YAML value
TAB = "a tab in the indentation: YAML indents with spaces only; replace the tab by spaces"
UNCLOSED_QUOTE = "the value opened with {quote} here is never closed: end it with {quote} on the same line"
UNCLOSED_LIST = (
    "the list opened with '[' here is not closed: separate its items with ', ' "
    "and end it with ']' on the same line"
)
UNCLOSED_BRACE = (
    "the '{' opened here is not closed: end it with '}' on the same line, or put the value in quotes"
)
NO_COLON = (
    "this line is not 'key: value': add the ':' after the key, or indent a continued value under its key"
)
RESERVED = "a value cannot start with '{char}' in YAML: put the whole value in quotes"
INDENTED = "this line is indented more than the key above it: start it where that key starts"
MISFIT = (
    "this line does not fit the lines above: check its indentation, "
    "and put text after a closing quote inside the quotes"
)


@dataclass(frozen=True)
class Explained:
    line: int  # in the file
    col: int  # 1-based, in characters
    message: str


def explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> Explained:
    """Where the mistake behind `exc` is in the file whose YAML (`text`) starts at `first_line`."""
    lines = text.split("\n")
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark  # where the unclosed thing (quote, bracket, key) began

    def at(m, message: str) -> Explained:
        line = m.line if m is not None else 0
        col = m.column + 1 if m is not None else 1
        return Explained(line + first_line, col, message)

    def char(m) -> str:
        if m is None or m.line >= len(lines):
            return ""
        row = lines[m.line]
        return row[m.column] if m.column < len(row) else ""

    if mark is not None and (start := reserved_start(lines, mark.line)) is not None:
        col, first = start  # "title: *x", "title: !x", "title: | x": YAML reads a marker there
        return Explained(mark.line + first_line, col, RESERVED.format(char=first))
    if "tab" in problem or char(mark) == "\t":
        return at(mark, TAB)
    if "quoted scalar" in context and opened is not None:
        quote = char(opened) or '"'
        return at(opened, UNCLOSED_QUOTE.format(quote=quote))
    if "flow sequence" in context and opened is not None:
        return at(opened, UNCLOSED_LIST)
    if "flow mapping" in context and opened is not None:
        return at(opened, UNCLOSED_BRACE)
    if "mapping values are not allowed" in problem and mark is not None:
        hint = colon_hint(lines, mark.line)
        return at(mark, hint) if hint != INDENTED else Explained(mark.line + first_line, 1, hint)
    if "could not find expected ':'" in problem:
        where = opened or mark
        return at(where, NO_COLON)
    if "cannot start any token" in problem and char(mark) in RESERVED_STARTS:
        return at(mark, RESERVED.format(char=char(mark)))
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return at(mark, MISFIT)
    reason = problem or context or "invalid YAML"
    return at(mark, f"invalid YAML: {reason}")


def reserved_start(lines: list[str], index: int) -> tuple[int, str] | None:
    """(column, character) when the value of `key: value` on this line starts with a
    character YAML reads as a marker (alias, tag, block text, directive, anchor)."""
    row = lines[index] if index < len(lines) else ""
    key, sep, value = row.partition(": ")
    stripped = value.lstrip()
    if not sep or not key.strip() or key.lstrip().startswith(("-", "#")) or not stripped:
        return None
    if stripped[0] not in RESERVED_STARTS:
        return None
    return len(row) - len(stripped) + 1, stripped[0]


def colon_hint(lines: list[str], index: int) -> str:
    """A second ': ' on a line: either a value that holds one, or a line indented too far."""
    row = lines[index] if index < len(lines) else ""
    before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    indented = row[: len(row) - len(row.lstrip())]
    if indented and not before.rstrip().endswith(":") and len(indented) > indent_of(before):
        return INDENTED
    key, _, value = row.strip().partition(": ")
    if not value:
        return "a value that contains ': ' must be in quotes"
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"a value that contains ': ' must be in quotes: write {key}: {quoted}"


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())
