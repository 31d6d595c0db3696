"""`kinerja sampel`: never replaces a different workbook unless told to with --timpa."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kinerja.cli.commands import main


@pytest.mark.slow
def test_sampel_refuses_then_overwrites_with_timpa(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["sampel", "--keluaran", str(tmp_path)])
    assert first.exit_code == 0, first.output
    files = sorted(tmp_path.rglob("*.xlsx"))
    assert len(files) == 16
    victim = files[0]
    original = victim.read_bytes()
    victim.write_bytes(b"isi lain milik pengguna")

    refused = runner.invoke(main, ["sampel", "--keluaran", str(tmp_path)])
    assert refused.exit_code != 0
    assert "Traceback" not in refused.output
    assert victim.read_bytes() == b"isi lain milik pengguna"

    forced = runner.invoke(main, ["sampel", "--keluaran", str(tmp_path), "--timpa"])
    assert forced.exit_code == 0, forced.output
    assert victim.read_bytes() == original


def test_sampel_in_a_workspace_writes_the_marked_sample_keys(tmp_path):
    from kinerja.alur.kunci import SAMPLE_README, is_sample_public, public_text, read_private
    from kinerja.paths import SAMPLE_CONFIG

    (tmp_path / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    done = CliRunner().invoke(main, ["--ruang-kerja", str(tmp_path), "sampel"])
    assert done.exit_code == 0, done.output
    folder = tmp_path / "kunci-sampel"
    assert "KUNCI SAMPEL" in (folder / SAMPLE_README).read_text(encoding="utf-8")
    key = folder / "siti.pem"
    assert key.stat().st_mode & 0o777 == 0o600
    assert is_sample_public("siti", public_text(read_private(key)))
