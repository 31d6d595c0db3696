"""CLI for the archive: ``kinerja arsip pulihkan`` (restore a damaged documented case from its kept copies).

The restoration is the recovery action of :data:`kinerja.domain.sop.PEMULIHAN`, taken through
:func:`kinerja.alur.workflow.act` like every other action: signed by the actor's key, allowed to the
Kasubag Perencanaan in a documented case only, and recorded in the history with what was restored.
"""

from __future__ import annotations

import click

from kinerja.cli.alur import _signer_with_passphrase
from kinerja.cli.jenis import TAHUN, TRIWULAN
from kinerja.domain import sop

pass_state = click.pass_obj


@click.group("arsip")
def arsip() -> None:
    """Arsip laporan yang didokumentasikan (data/archive)."""


@arsip.command("pulihkan")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran.")
@click.option("--triwulan", type=TRIWULAN, help="Triwulan (tanpa --triwulan: laporan tahunan).")
@click.option("--catatan", default="", help="Catatan (mis. apa yang terjadi); dicatat dalam riwayat.")
@pass_state
def pulihkan(state, tahun: int, triwulan: int | None, catatan: str) -> None:
    """Pulihkan arsip (dan laporan terbitannya) yang rusak dari salinan yang disimpan di sampingnya; dicatat dalam riwayat."""
    from kinerja.alur.workflow import act, case_label  # noqa: PLC0415 -- kinerja.alur.workflow (~55 ms) kept off `kinerja --help`

    step = sop.pemulihan(sop.lingkup_of(triwulan))
    event = act(state.workspace, state.config, step.aksi, tahun, triwulan, catatan=catatan,
                kunci=_signer_with_passphrase(state))
    click.echo(f"{case_label(tahun, triwulan)}: {event.catatan}")
    click.echo(f"Dicatat dalam riwayat oleh {event.pengguna} (peristiwa #{event.id}); periksa dengan "
               "`kinerja audit verifikasi`.")


COMMANDS: list[click.Command] = [arsip]
