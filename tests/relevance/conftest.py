"""Print the relevance figures per kind at the end of the run, pass or fail."""

from __future__ import annotations

import pytest

_REPORTS: list[str] = []


@pytest.fixture(scope="session")
def relevance_report() -> list[str]:
    return _REPORTS


def pytest_terminal_summary(terminalreporter):
    for text in _REPORTS:
        terminalreporter.section("relevance")
        terminalreporter.write_line(text)
