"""CLI for the SOP workflow: ``kinerja alur <aksi>``, ``kinerja status``, ``kinerja audit``.

The ``alur`` subcommands are generated from :data:`kinerja.domain.sop.LANGKAH`: one per action, with
``--catatan`` always, ``--pptk`` for the step that assigns a PPTK, and ``--triwulan`` only for
quarterly actions. They all call :func:`kinerja.alur.workflow.act`, like the forms.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from kinerja.cli.jenis import TAHUN, TRIWULAN
from kinerja.cli.pemda import status_all_opd
from kinerja.cli.tabel import Keluaran, cetak_baris, keluarkan
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import KinerjaError, UsageError
from kinerja.numbers import format_datetime, zona_of


def ask_secret(text: str, confirm: str | None = None) -> str:
    """A passphrase typed at a terminal, never shown. Without a terminal (a pipe, a script, a
    notebook) there is no way to hide what is typed, so it is refused instead of echoed."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError("Frasa sandi hanya dapat diketik di terminal (tanpa terminal, ketikan akan terlihat); "
                         "jalankan perintah ini di terminal Anda sendiri.")
    return click.prompt(text, hide_input=True, confirmation_prompt=confirm or False, err=True)


# Not imported from kinerja.cli.commands (which imports this module): the group's context object is
# kinerja.cli.commands.State, handed over by click.pass_obj.
pass_state = click.pass_obj


def _signer_with_passphrase(state):
    """The actor's key, asking for its passphrase when it is protected (None: let act() explain)."""
    from kinerja.alur import kunci
    from kinerja.alur.identity import UnknownUser, resolve_person

    try:
        person = resolve_person(state.config)
    except UnknownUser:
        return None
    path = kunci.key_file(person.username)
    if not kunci.needs_passphrase(path) or not kunci.registered(person):
        return None
    secret = ask_secret(f"Frasa sandi kunci {path}")
    return kunci.load_signer(person, state.config.source, workspace_root=state.workspace.root, passphrase=secret,
                             sample_office=state.config.contoh)


def _make_action(step: sop.Langkah) -> click.Command:
    """One ``kinerja alur <aksi>`` command for a transition of the table."""

    def callback(state, tahun: int, triwulan: int | None = None, unit: str | None = None,
                 catatan: str = "", berkas: str | None = None, pptk: str | None = None,
                 unit_kerja: str | None = None) -> None:
        from kinerja.alur.workflow import act, case_label, parse_time

        if step.mengarsipkan and not unit:
            _finalize(state, tahun, triwulan, before_archive=True)
        if step.berkas_bahan:
            _material(state, step, tahun, triwulan or 0, berkas or "", catatan or "")
            return
        from kinerja.laporan.jalan.runner import check_stated_figures

        check_stated_figures(state.workspace, state.config, tahun, triwulan, step.aksi, unit=unit or "")  # submit/approve
        event = act(state.workspace, state.config, step.aksi, tahun, triwulan, unit=unit, catatan=catatan or "",
                    berkas=berkas, penerima=unit_kerja if step.menyebut_unit else pptk,
                    kunci=_signer_with_passphrase(state))
        late = " (melewati mutu baku)" if event.terlambat else ""
        click.echo(
            f"{case_label(tahun, triwulan, event.unit)}: '{step.aksi}' oleh {event.pengguna} dicatat pada "
            f"{format_datetime(parse_time(event.waktu), zona_of(state.config))}{late}. Keadaan sekarang: {sop.keadaan(event.ke).label}."
        )
        if event.berkas:
            click.echo(f"Berkas: {event.berkas} (sha256 {event.sha256})")
        if event.ke in sop.keadaan_siap_final() and not step.mengarsipkan and not event.unit:
            _finalize(state, tahun, triwulan, before_archive=False)  # approved, and the reviu recorded when asked

    params: list[click.Parameter] = [click.Option(["--tahun"], type=TAHUN, required=True, help="Tahun anggaran.")]
    if step.lingkup == sop.TRIWULAN:
        params.append(click.Option(["--triwulan"], type=TRIWULAN, required=True, help="Triwulan yang dilaporkan."))
        params.append(click.Option(["--unit"], default="", help="Kode unit bila kasus dipisah per unit."))
    catatan_help = "Catatan perbaikan (wajib)." if step.catatan_wajib else "Catatan (disposisi)."
    # no default at all when required: click 8.2+ treats an explicit default=None as given
    catatan_kwargs = {"required": True} if step.catatan_wajib else {"default": ""}
    params.append(click.Option(["--catatan"], help=catatan_help, **catatan_kwargs))
    if step.berkas_bahan:
        params.append(click.Option(["--berkas"], required=True, type=click.Path(dir_okay=False),
                                   help=("Narasi LKjIP yang sudah diisi (.docx; diperiksa dulu, seperti unggahan di "
                                         "aplikasi)" if step.lingkup == sop.TAHUNAN else
                                         "Lembar kerja yang disimpan (diperiksa dulu, seperti unggahan di aplikasi)"
                                         if not step.catatan_wajib else "Nama lembar kerja tersimpan yang ditarik.")))
    elif not step.mengarsipkan and not step.mencatat:  # documenting records the archive manifest's checksum instead
        params.append(click.Option(["--berkas"], type=click.Path(dir_okay=False), help="Berkas lampiran; checksum dicatat."))
    if step.menyebut_unit:
        params.append(click.Option(["--unit-kerja"], required=True, metavar="KODE",
                                   help="Unit kerja yang tidak mengirim lembar kerja triwulan ini."))
    if step.menugaskan:
        params.append(click.Option(["--pptk"], metavar="USERNAME", help=f"{ROLE_LABELS[step.menugaskan]} yang ditugaskan."))
    syarat = "; ".join(sop.SYARAT[key] for key in step.syarat)
    help_text = (
        f"Langkah {step.langkah}: {step.uraian}. Peran: {ROLE_LABELS[step.peran]}; mutu baku "
        f"{sop.label_mutu(step.mutu_baku)}; keluaran: {step.keluaran}." + (f" Syarat: {syarat}." if syarat else "")
    )
    return click.Command(step.aksi, callback=pass_state(callback), params=params, help=help_text,
                         short_help=step.label)


def _material(state, step: sop.Langkah, tahun: int, triwulan: int, berkas: str, catatan: str) -> None:
    """``simpan_bahan`` / ``tarik_bahan`` / ``simpan_narasi``: the same functions as the app's material and
    narasi panels (checked upload then a signed event; a signed event then the file kept aside)."""
    from kinerja.alur.bahan import simpan_bahan, tarik_bahan

    if step.lingkup == sop.TAHUNAN:  # the LKjIP's narasi
        from kinerja.laporan.bagian.narasi import simpan_narasi

        path = Path(berkas)
        if not path.is_file():
            raise UsageError(f"Berkas {path} tidak ditemukan.")
        stored, petunjuk = simpan_narasi(state.workspace, state.config, tahun, path.name, path.read_bytes())
        click.echo(f"Narasi {path.name} disimpan dan dicatat sebagai {state.workspace.shown(stored)}.")
        for text in petunjuk:
            click.echo(f"Catatan: dokumen final akan ditolak selama teks petunjuk ini masih ada: {text}", err=True)
        return

    if step.catatan_wajib:
        moved = tarik_bahan(state.workspace, state.config, tahun, triwulan, Path(berkas).name, catatan)
        click.echo(f"{Path(berkas).name} ditarik dari bahan; berkasnya disimpan di {state.workspace.shown(moved)}.")
        return
    path = Path(berkas)
    if not path.is_file():
        raise UsageError(f"Berkas {path} tidak ditemukan.")
    result = simpan_bahan(state.workspace, state.config, tahun, triwulan, path.name, path.read_bytes())
    if result.galat:
        raise KinerjaError(result.pesan)
    click.echo(result.pesan)


def _finalize(state, tahun: int, triwulan: int | None, *, before_archive: bool) -> None:
    """The final document after approval (``setujui``, ``setujui_tahunan``; with ``[alur] reviu_apip``
    after ``nyatakan_direviu``), or before documenting when still DRAF.

    After the approval a failure is only a note (the approval stands; ``kinerja laporan``
    makes the final document later); before documenting it stops the action.
    """
    from kinerja.terbitan import awaiting_final

    if not awaiting_final(state.workspace.report_dir(tahun, triwulan)):
        return  # nothing to finalize here; documenting explains what is missing
    from kinerja.laporan.jalan.runner import finalize_report

    try:
        result = finalize_report(state.workspace, state.config, tahun, triwulan)
    except KinerjaError as exc:
        if before_archive:
            raise
        click.echo(f"Catatan: dokumen final belum dibuat: {exc}", err=True)
        return
    click.echo(f"Dokumen final ({result.folder.name}), siap ditandatangani:")
    for path in result.outputs:
        if path.suffix in (".html", ".pdf"):
            click.echo(f"  {path}")
    for note in result.notes:
        click.echo(f"Catatan: {note}", err=True)


@click.group("alur")
def alur() -> None:
    """Ambil satu aksi pada alur SOP (pengguna: yang masuk lewat JupyterHub atau akun sistem operasi; aksi ditandatangani kuncinya)."""


for _step in sop.LANGKAH:
    if _step.lingkup != sop.REVIU:  # the reviu assignment's steps: `kinerja penugasan-reviu` (cli/reviu.py)
        alur.add_command(_make_action(_step))


@click.command("status")
@click.option("--tahun", type=TAHUN, help="Tahun anggaran (bawaan: tahun triwulan terakhir yang sudah berakhir: Januari-Maret masih tahun lalu, saat TW IV dan LKjIP-nya berjalan).")
@click.option("--triwulan", type=TRIWULAN, help="Hanya satu triwulan.")
@click.option("--format", "fmt", type=click.Choice(["tabel", "json", "csv", "xlsx"]), default="tabel", show_default=True)
@click.option("--keluaran", type=Keluaran(dir_okay=False),
              help="Berkas tujuan untuk --format csv (bawaan: layar) atau xlsx (wajib).")
@click.option("--semua-opd", is_flag=True, help="Setiap OPD dalam ruang kerja Pemda (pemda.toml).")
@pass_state
def status(state, tahun: int | None, triwulan: int | None, fmt: str, keluaran: str | None, semua_opd: bool) -> None:
    """Keadaan setiap kasus: siapa bertindak berikutnya, sejak kapan, tenggat, terlambat atau tidak."""
    if semua_opd:
        status_all_opd(state, tahun, triwulan, fmt)
        return

    from kinerja.alur.workflow import case_status

    if tahun is None:
        from kinerja.alur.workflow import current_year

        tahun = current_year(state.config)
    rows = case_status(state.workspace, state.config, tahun, triwulan)
    from kinerja.alur.pengingat import last_sent, status_text
    from kinerja.alur.workflow import blocked_steps

    sent = last_sent(state.workspace)
    for row in rows:
        row["pengingat"] = status_text(row, sent)
        row["syarat_belum"] = blocked_steps(state.workspace, state.config, tahun, row["triwulan"], row["unit"])
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    def when(value: object) -> str:
        return format_datetime(dt.datetime.fromisoformat(value)) if isinstance(value, str) else "-"

    table: list[tuple[object, ...]] = [
        (r["kasus"], r["keadaan_label"], r["pelaksana_berikut"] or "-", when(r["sejak"]), when(r["tenggat"]),
         "YA" if r["terlambat"] else "tidak", r["jumlah_pengembalian"], r["pengingat"] or "-")
        for r in rows
    ]
    header = ["Kasus", "Keadaan", "Bertindak berikutnya", "Sejak", "Tenggat", "Terlambat", "Dikembalikan", "Pengingat"]
    if not any(r["pengingat"] for r in rows):  # no reminder sent (or none configured): no empty column on a laptop screen
        header, table = header[:-1], [row[:-1] for row in table]
    if fmt in ("csv", "xlsx"):  # the same rows as the table (pandas only here: the table must start fast)
        import pandas as pd

        if fmt == "xlsx" and not keluaran:
            raise UsageError("--format xlsx memerlukan --keluaran BERKAS.xlsx.")
        keluarkan(pd.DataFrame(rows), fmt, keluaran=keluaran, lembar="Status")
        return

    cetak_baris(header, table, kanan=["Dikembalikan"]) if table else click.echo("(tidak ada kasus)")
    for row in rows:  # the same sentences the web app shows on its disabled buttons
        for label, why in row["syarat_belum"].items():
            click.echo(f"{row['kasus']}: '{label}' belum dapat diambil: {why}")


@click.group("audit")
def audit() -> None:
    """Pemeriksaan riwayat alur."""


@audit.command("verifikasi")
@click.option("--jangkar", metavar="HASH", multiple=True,
              help="Hash terakhir yang tercetak pada laporan bertanda tangan; harus masih ada dalam riwayat.")
@pass_state
def verifikasi(state, jangkar: tuple[str, ...]) -> None:
    """Periksa riwayat alur (rantai hash, berkas rantai, pemicu, tanda tangan) serta setiap arsip dan laporan terbitan terhadap checksum yang tercatat (kode keluar 1)."""
    from kinerja.alur.workflow import audit as run_audit

    result = run_audit(state.workspace, state.config, jangkar)
    for note in result.catatan:
        click.echo(f"Catatan: {note}")
    if not result.pelanggaran:
        if result.jumlah or result.daftar:
            registry = f" dan {result.daftar} peristiwa daftar kunci" if result.daftar else ""
            click.echo(f"Riwayat utuh: {result.jumlah} peristiwa{registry} di {result.path}, rantai hash, berkas rantai dan "
                       f"tanda tangan cocok; {result.arsip} versi arsip dan {result.terbitan} set laporan terbitan cocok "
                       "dengan checksum yang tercatat.")
        else:
            checked = f"; {result.terbitan} set laporan terbitan cocok dengan manifest-nya" if result.terbitan else ""
            click.echo(f"Belum ada riwayat alur di {result.path}{checked or '; tidak ada yang diperiksa'}.")
        return
    click.echo(f"Riwayat TIDAK utuh ({result.path}):", err=True)
    for item in result.pelanggaran:
        click.echo(f"- [{item.jenis}] {item.pesan}", err=True)
    sys.exit(1)


@click.group("kunci")
def kunci_group() -> None:
    """Kunci tanda tangan pribadi untuk aksi alur (Ed25519)."""


@kunci_group.command("buat")
@click.option("--frasa-sandi", "frasa", is_flag=True, help="Lindungi kunci dengan frasa sandi (ditanyakan).")
@click.option("--timpa", is_flag=True, help="Ganti kunci yang sudah ada (hanya bila hilang atau bocor).")
@pass_state
def kunci_buat(state, frasa: bool, timpa: bool) -> None:
    """Buat kunci pribadi Anda di folder rumah Anda dan cetak kunci publik untuk didaftarkan admin."""
    from kinerja.alur import kunci
    from kinerja.alur.identity import current_username

    username = current_username()
    if not username:
        raise KinerjaError("Pengguna sistem operasi tidak diketahui; kunci tidak dibuat.")
    secret = None
    if frasa:
        secret = ask_secret("Frasa sandi baru", confirm="Ulangi frasa sandi")
    path = kunci.write_private(kunci.key_file(username), kunci.generate(), secret, overwrite=timpa)
    public = kunci.public_text(kunci.read_private(path, secret))
    click.echo(f"Kunci pribadi {username} ditulis ke {path} (hanya dapat dibaca pemiliknya; jangan dibagikan).")
    click.echo("Minta admin menambahkan baris ini pada [[pegawai]] Anda di kinerja.toml:")
    click.echo(f'kunci_publik = "{public}"')


@kunci_group.command("tampil")
@pass_state
def kunci_tampil(state) -> None:
    """Cetak kunci publik Anda (untuk didaftarkan di kinerja.toml)."""
    from kinerja.alur import kunci
    from kinerja.alur.identity import current_username

    username = current_username()
    path = kunci.key_file(username)
    if not path.is_file():
        raise KinerjaError(f"Belum ada kunci di {path}; buat dengan `kinerja kunci buat`.")
    secret = ask_secret(f"Frasa sandi kunci {path}") if kunci.needs_passphrase(path) else None
    click.echo(f'kunci_publik = "{kunci.public_text(kunci.read_private(path, secret))}"')


COMMANDS: list[click.Command] = [alur, status, audit, kunci_group]
