"""The sample manual built into a site once per session, and helpers to read the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.manual.loader import load_manual
from indexer.manual.model import Manual
from indexer.site import build_site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MANUAL = ROOT / "manual"


@pytest.fixture(scope="session")
def sample_manual() -> Manual:
    return load_manual(SAMPLE_MANUAL)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, sample_manual) -> Path:
    out = tmp_path_factory.mktemp("sample-site")
    build_site(sample_manual, out, public_only=False)
    return out
