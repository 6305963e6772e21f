from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
