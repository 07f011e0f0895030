"""Packaging: the installed package depends on exactly what requirements.txt pins."""

from __future__ import annotations

from pathlib import Path

from hatchling.metadata.plugin.interface import MetadataHookInterface


def pinned(requirements: Path) -> list[str]:
    """The requirement lines of a pip requirements file, comments and blanks left out."""
    lines = (line.split("#", 1)[0].strip() for line in requirements.read_text("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("-")]


class PinnedDependencies(MetadataHookInterface):
    def update(self, metadata: dict) -> None:
        metadata["dependencies"] = pinned(Path(self.root) / "requirements.txt")
