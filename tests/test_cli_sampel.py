"""`kinerja sampel`: never replaces a different workbook unless told to with --timpa."""

from __future__ import annotations

from click.testing import CliRunner

from kinerja.cli.commands import main


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
