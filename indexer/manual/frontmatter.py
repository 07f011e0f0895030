"""Read a procedure file and split its YAML front matter from its Markdown body.

Every failure becomes a Problem with a line number; nothing here raises on bad input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from sys import intern
from typing import Any

import yaml

from indexer.manual.model import ERROR, WARNING, Problem
from indexer.manual.yaml_errors import explain
from indexer.text.controls import CONTROL, printable

# LibYAML's parser when PyYAML was built with it: ten times faster on a large manual.
BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, but a date that is not a day of the calendar stays text.

    YAML rejects `2567-02-29` (a Buddhist Era leap day: 2024-02-29) or `2026-02-30` as
    a whole-document error; kept as text, `check` reports it on its key's line and says
    which date to write (indexer.manual.validate)."""


def _date_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)
MAX_FILE_BYTES = 2_000_000
MAX_FRONT_MATTER_CHARS = 64_000
BOM = "\ufeff"


@dataclass
class SourceFile:
    """A decoded file: the text with BOM and CR removed, and what was wrong with it."""

    rel: str
    text: str | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int


def problem(rel: str, line: int, code: str, message: str, severity: str = ERROR, col: int = 1) -> Problem:
    return Problem(rel, line, col, severity, code, message)


def decode(raw: bytes, rel: str) -> SourceFile:
    """Decode UTF-8 text, reporting binaries, bad bytes, BOM and CRLF."""
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw) / 1_000_000:.1f} MB"
        return SourceFile(rel, None, [problem(rel, 1, "file-too-large", f"{size} is over the 2 MB limit")])
    if not raw.strip():
        return SourceFile(rel, None, [problem(rel, 1, "empty-file", "the file is empty")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return SourceFile(rel, None, [problem(rel, line, "binary-file", "the file holds binary data")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        return SourceFile(rel, None, [problem(rel, line, "not-utf8", msg)])
    found: list[Problem] = []
    if text.startswith(BOM):
        text = text[1:]
        found.append(problem(rel, 1, "bom", "the file starts with a byte-order mark", WARNING))
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        found.append(problem(rel, line, "crlf", "the file uses CRLF line endings", WARNING))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(rel, text, found)


def split(source: SourceFile) -> tuple[FrontMatter | None, list[Problem]]:
    """Split the front matter off and parse it as a YAML mapping."""
    rel, text = source.rel, source.text or ""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, [problem(rel, 1, "no-front-matter", "the file must start with a '---' line")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, [problem(rel, 1, "unclosed-front-matter", "no closing '---' line")]
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        return None, [problem(rel, 2, "front-matter-too-large", "front matter is over 64,000 characters")]
    # a change note's control characters are change_notes' to report, with its other mistakes
    data, key_lines, problems = parse_mapping(yaml_text, rel, first_line=2, checked_elsewhere=("changes",))
    if data is None:
        return None, problems
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(data, key_lines, body, end + 2), problems


def parse_mapping(
    yaml_text: str, rel: str, first_line: int, checked_elsewhere: tuple[str, ...] = ()
) -> tuple[dict[str, Any] | None, dict[str, int], list[Problem]]:
    """Parse YAML that must be a mapping; return it with the line of each top-level key."""
    try:
        loader = Loader(yaml_text)  # the pure-Python reader checks characters here
    except yaml.reader.ReaderError as exc:
        line = yaml_text[: max(0, exc.position)].count("\n") + first_line
        msg = f"invalid YAML: character {exc.character!r} is not allowed in YAML"
        return None, {}, [problem(rel, line, "yaml-syntax", msg)]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, [problem(rel, first_line, "empty-front-matter", "front matter is empty")]
        if has_alias(node):
            msg = "YAML anchors and aliases are not allowed here"
            return None, {}, [problem(rel, first_line, "yaml-alias", msg)]
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + first_line
            msg = "front matter must be a mapping of keys to values"
            return None, {}, [problem(rel, line, "not-a-mapping", msg)]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        where = explain(exc, yaml_text, first_line)
        return None, {}, [problem(rel, where.line, "yaml-syntax", where.message, col=where.col)]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, {}, [problem(rel, first_line, "yaml-syntax", f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    key_lines, found = key_positions(node, rel, first_line)
    found += control_problems(node, rel, first_line, checked_elsewhere)
    bad_keys = [k for k in data if not isinstance(k, str)]
    found += [problem(rel, first_line, "bad-key", f"key {k!r} is not a string") for k in bad_keys]
    return {str(k): v for k, v in data.items()}, key_lines, found


def key_positions(node: yaml.MappingNode, rel: str, first_line: int) -> tuple[dict[str, int], list[Problem]]:
    """The line of each top-level key, of each key one level down as 'parent.key'
    (a categories.yml entry's `th`) and of each item of a list as 'key[1]', 'key[2]'...
    (a change note); a key given twice is a problem, because YAML keeps the later value
    without a word. Every file names the same keys, so each name is kept once (interned):
    a procedure's own copies of them were some 1.3 KB of its 16 KB in memory."""
    lines: dict[str, int] = {}
    found: list[Problem] = []
    for key, value in node.value:
        name = intern(str(getattr(key, "value", "")))
        line = key.start_mark.line + first_line
        if name in lines:
            msg = f"key '{name}' is given twice (also on line {lines[name]}): only the last one would count"
            found.append(problem(rel, line, "duplicate-key", msg, col=key.start_mark.column + 1))
            continue
        lines[name] = line
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines.setdefault(
                    intern(f"{name}.{getattr(sub, 'value', '')}"), sub.start_mark.line + first_line
                )
        elif isinstance(value, yaml.SequenceNode):
            for n, item in enumerate(value.value, 1):
                lines[intern(f"{name}[{n}]")] = item.start_mark.line + first_line
    return lines, found


def control_problems(
    node: yaml.MappingNode, rel: str, first_line: int, skip: tuple[str, ...]
) -> list[Problem]:
    """One problem for each top-level key whose name or value (at any depth) holds a
    control character, on the line and column of the text that holds it."""
    found = []
    for key, value in node.value:
        name = str(getattr(key, "value", ""))
        if name in skip:
            continue
        bad = next((n for n in scalars(key, value) if CONTROL.search(n.value)), None)
        if bad is not None:
            char = CONTROL.search(bad.value).group()  # type: ignore[union-attr]
            line, col = bad.start_mark.line + first_line, bad.start_mark.column + 1
            found.append(control_problem(rel, line, col, f"'{printable(name)}'", char))
    return found


def control_problem(rel: str, line: int, col: int, holder: str, char: str) -> Problem:
    """The problem of a control character where YAML's escapes or a heading put it (the
    message names it as U+XXXX: the character itself would act on the terminal)."""
    msg = (f"{holder} holds the control character U+{ord(char):04X}, which a terminal acts on "
           "instead of showing: remove it")  # fmt: skip
    return problem(rel, line, "control-character", msg, col=col)


def scalars(*nodes: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """The scalar nodes under these, keys and values, in the file's order."""
    for node in nodes:
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                yield from scalars(key, value)
        elif isinstance(node, yaml.SequenceNode):
            yield from scalars(*node.value)


def has_alias(root: yaml.Node) -> bool:
    """True when any node is reached twice: an alias, which could expand without bound."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False
