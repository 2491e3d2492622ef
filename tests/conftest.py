"""Shared fixtures: the seed page, the shipped corpus, and the optional ../shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed" / "000_0a4464932e09dc1c.txt"
# Public reference data beside the checkout (not shipped); tests that need it skip without it.
SHARED = Path(os.environ.get("LABOR_TEXT_SHARED", ROOT.parent / "shared" / "data"))


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (it lives beside the checkout, not in it)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_articles(seed_text):
    from toolkit.corpus import split_page

    return split_page(seed_text, page_id="seed")
