"""Shared fixtures. Feature-specific helpers live in the feature's own test module."""

from __future__ import annotations

import pytest

from kinerja.config import Config, load_config


@pytest.fixture(scope="session")
def config() -> Config:
    """The embedded default config (the fictional sample office)."""
    return load_config()
