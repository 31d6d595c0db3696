"""The ``kinerja`` command: thin click commands that call the package.

Every user mistake is a :class:`~kinerja.errors.KinerjaError`, printed as one Indonesian
message on stderr with its exit code (1, or 2 for usage), never a traceback. A fault of the
machine (full disk, read-only folder, unusable database) is one Indonesian sentence naming the
file and the cause (:func:`kinerja.errors.describe_fault`), exit 1; anything unexpected is one
sentence too. The traceback goes to the log: ``--log FILE`` (standard :mod:`logging`, for
unattended runs) always records it, ``--debug`` also prints it. Heavy imports (pandas,
papermill) happen inside the commands so ``kinerja --help`` stays fast.
"""

from __future__ import annotations

import logging
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from kinerja.cli import admin as cli_admin
from kinerja.cli import alur as cli_alur
from kinerja.cli import arsip as cli_arsip
from kinerja.cli import ingatkan as cli_ingatkan
from kinerja.cli import laporan as cli_laporan
from kinerja.cli import pemda as cli_pemda
from kinerja.cli import reviu as cli_reviu
from kinerja.cli import tahun as cli_tahun
from kinerja.cli import web as cli_web
from kinerja.cli.jenis import TAHUN, TRIWULAN
from kinerja.cli.tabel import KODE_WHOLE, Keluaran, cetak, findings_view, keluarkan
from kinerja.config import ROLE_LABELS, ROLES, load_config
from kinerja.errors import ConfigError, KinerjaError, UsageError, describe_fault, silence_stderr
from kinerja.lembar.findings import has_galat, to_frame
from kinerja.numbers import format_percent, triwulan_label
from kinerja.paths import CONFIG_NAME, Workspace

log = logging.getLogger("kinerja")


class _Group(click.Group):
    """A click group that turns every error into one message and an exit code (traceback to the log)."""

    def invoke(self, ctx: click.Context):  # noqa: D401 - click API
        try:
            result = super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KinerjaError as exc:
            _fail(ctx, str(exc), exc.exit_code, exc)
        except Exception as exc:  # a fault of the machine (OSError, sqlite3) or a bug: still one sentence
            message = describe_fault(exc) or (
                f"Terjadi galat tak terduga ({type(exc).__name__}: {exc}). Jalankan ulang dengan --debug "
                "(atau --log BERKAS) untuk rinciannya dan laporkan."
            )
            _fail(ctx, message, 1, exc, detail=True)
        else:
            log.info("selesai: %s", " ".join(sys.argv[1:]) or ctx.info_name)
            return result
        finally:
            if isinstance(ctx.obj, State):
                ctx.obj.tutup()  # the command's store closed with it


def _fail(ctx: click.Context, message: str, code: int, exc: BaseException, *, detail: bool = False) -> None:
    """Print the one-sentence message, log it (the traceback too for faults), exit with ``code``."""
    click.echo(f"Galat: {message}", err=True)
    log.error("galat (kode keluar %s): %s", code, message, exc_info=exc if detail else None)
    if not detail:
        log.debug("rincian", exc_info=exc)
    ctx.exit(code)


_HANDLER_MARK = "_kinerja_cli"


def setup_logging(log_file: str | None, debug: bool) -> None:
    """Standard logging for unattended runs: ``--log FILE`` appends records, ``--debug`` prints them with tracebacks.

    Raises:
        UsageError: the log file cannot be opened.
    """
    logger = logging.getLogger("kinerja")
    for old in list(logger.handlers):
        if getattr(old, _HANDLER_MARK, False):
            logger.removeHandler(old)
            old.close()
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    handlers: list[logging.Handler] = [logging.NullHandler()]
    if log_file:
        try:
            handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            cause = describe_fault(OSError(exc.errno, exc.strerror or str(exc), log_file)) or str(exc)
            raise UsageError(f"Berkas log tidak dapat dipakai (--log): {cause} Pilih berkas di folder yang ada dan dapat "
                             "Anda tulisi, mis. --log kinerja.log.") from None
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(handler)
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(stream)
    for handler in handlers:
        setattr(handler, _HANDLER_MARK, True)
        logger.addHandler(handler)
    sys.unraisablehook = _log_unraisable


def _log_unraisable(unraisable) -> None:
    """An error Python could only ignore (a half-written zip closed on a full disk): to the log, not the screen."""
    log.debug("galat diabaikan (%s): %s", unraisable.object, unraisable.exc_value,
              exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))


@dataclass
class State:
    """What every command needs: its workspace context (:class:`~kinerja.alur.konteks.KonteksKerja`: the
    workspace found once, the config loaded once, one store), built on first use and closed with the command."""

    workspace_arg: str | None = None
    config_arg: str | None = None
    debug: bool = False
    command: str | None = None
    _config: Any = field(default=None, repr=False)
    _konteks: Any = field(default=None, repr=False)

    @property
    def workspace(self):
        """The workspace context of the command (a :class:`~kinerja.paths.Workspace` with its config and store)."""
        if self._konteks is None:
            from kinerja.alur.konteks import KonteksKerja

            konteks = KonteksKerja.buka(self.workspace_arg, konfigurasi=self.config_arg or "", config=self._config)
            self._konteks = konteks.__enter__()  # the command is one use of it: the store stays open until tutup()
        return self._konteks

    @property
    def config(self):
        if self._config is None:
            if self.config_arg and self._konteks is None:  # --konfigurasi: no workspace needed
                config = load_config(self.config_arg)
            else:
                config = self.workspace.config
            if self.command not in TRUSTING:
                self._agree_with_history(config)
            self._config = config
        return self._config

    def tutup(self) -> None:
        """Close the context's store (the command is over)."""
        if self._konteks is not None:
            self._konteks.__exit__(None, None, None)
            self._konteks = None

    def _agree_with_history(self, config) -> None:
        """Refuse a config that disagrees with the key registry of the workspace's history (another
        office's config through --konfigurasi, a replaced kinerja.toml): :mod:`kinerja.alur.daftar`."""
        from kinerja.alur import daftar

        try:
            workspace = self.workspace
            if not workspace.database.is_file():
                return
            problems = daftar.mismatches(config, daftar.read(workspace))
        except (KinerjaError, OSError):
            return  # no workspace here, or a database the command itself reports on (StoreError)
        if problems:
            raise ConfigError(daftar.refusal_text(config, problems))


pass_state = click.make_pass_decorator(State)

TRUSTING = frozenset({"admin", "audit", "konfigurasi", "init", "kunci"})
"""Commands that work with a config the history disagrees with: they report or repair the disagreement."""



@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--ruang-kerja", metavar="FOLDER", help="Folder ruang kerja (berisi kinerja.toml, data/, laporan/).")
@click.option("--konfigurasi", metavar="BERKAS", help="Berkas konfigurasi TOML (bawaan: kinerja.toml di ruang kerja).")
@click.option("--log", "log_file", metavar="BERKAS", help="Tambahkan catatan jalannya perintah (dan rincian galat) ke berkas ini.")
@click.option("--debug", is_flag=True, help="Tampilkan rincian teknis (traceback) bila terjadi galat.")
@click.version_option(package_name="kinerja", message="kinerja %(version)s")
@click.pass_context
def main(ctx: click.Context, ruang_kerja: str | None, konfigurasi: str | None, log_file: str | None, debug: bool) -> None:
    """kinerja: pengumpulan data kinerja SAKIP per triwulan."""
    ctx.obj = State(ruang_kerja, konfigurasi, debug=debug, command=ctx.invoked_subcommand)
    setup_logging(log_file, debug)
    log.info("mulai: kinerja %s", " ".join(sys.argv[1:]))


def emit_table(frame, fmt: str, columns: list[str] | None = None) -> None:
    """Print a DataFrame as a table that fits the terminal, or as a JSON list of objects."""
    keluarkan(frame if columns is None else frame[columns], fmt)


FORMAT = click.Choice(["tabel", "json", "csv", "xlsx"])
KELUARAN_HELP = "Berkas tujuan untuk --format csv (bawaan: layar) atau xlsx (wajib)."


@main.command("templat")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran.")
@click.option("--keluaran", type=Keluaran(dir_okay=False), required=True, help="Berkas .xlsx yang ditulis.")
@click.option("--timpa", is_flag=True, help="Timpa berkas yang sudah ada.")
@pass_state
def templat(state: State, tahun: int, keluaran: str, timpa: bool) -> None:
    """Tulis templat lembar kerja Rencana Aksi (.xlsx)."""
    from kinerja.lembar.template import write_template

    target = Path(keluaran)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"Berkas keluaran {target} harus berakhiran .xlsx.")
    if target.exists() and not timpa:
        raise UsageError(f"Berkas {target} sudah ada; pakai --timpa untuk menimpanya.")
    write_template(target, tahun, state.config)
    click.echo(f"Templat tahun {tahun} ditulis ke {target}")


@main.command("validasi")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--tahun", type=TAHUN, help="Tahun anggaran yang diharapkan.")
@click.option("--triwulan", type=TRIWULAN, help="Triwulan yang dilaporkan (realisasi sampai triwulan ini wajib ada).")
@click.option("--format", "fmt", type=FORMAT, default="tabel", show_default=True)
@click.option("--keluaran", type=Keluaran(dir_okay=False), help=KELUARAN_HELP)
@click.option("--tandai", type=Keluaran(file_okay=False), help="Folder untuk salinan berkas bertanda (sel bermasalah disorot).")
@pass_state
def validasi(state: State, paths: tuple[str, ...], tahun: int | None, triwulan: int | None, fmt: str,
             keluaran: str | None, tandai: str | None) -> None:
    """Periksa lembar kerja; kode keluar 1 bila ada galat."""
    from kinerja.lembar.validate import validate_workbooks

    if fmt == "xlsx" and not keluaran:
        raise UsageError("--format xlsx memerlukan --keluaran BERKAS.xlsx.")
    dataset = validate_workbooks([Path(p) for p in paths], state.config, tahun=tahun, triwulan=triwulan)
    frame = to_frame(dataset.temuan)
    if fmt != "tabel":
        keluarkan(frame, fmt, keluaran=keluaran, lembar="Temuan")
    else:
        if frame.empty:
            click.echo(f"Tidak ada temuan pada {len(dataset.files)} berkas ({len(dataset.data)} indikator).")
        else:
            cetak(findings_view(frame), lebar=KODE_WHOLE)
            galat = int((frame["tingkat"] == "galat").sum())
            click.echo(f"\n{galat} galat, {len(frame) - galat} peringatan pada {len(dataset.files)} berkas.")
    if tandai:
        from kinerja.lembar.annotate import write_annotated

        written = write_annotated(dataset, Path(tandai))
        click.echo(f"{len(written)} salinan bertanda ditulis ke {tandai}", err=fmt != "tabel")
    sys.exit(1 if has_galat(dataset.temuan) else 0)


@main.command("capaian")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--tahun", type=TAHUN, required=True)
@click.option("--triwulan", type=TRIWULAN, required=True)
@click.option("--format", "fmt", type=FORMAT, default="tabel", show_default=True)
@click.option("--keluaran", type=Keluaran(dir_okay=False), help=KELUARAN_HELP)
@click.option("--proyeksi", is_flag=True,
              help="Peringatan dini: proyeksi capaian akhir tahun per indikator (aman/waspada/berisiko), urut menurut risiko.")
@pass_state
def capaian(state: State, paths: tuple[str, ...], tahun: int, triwulan: int, fmt: str, keluaran: str | None,
            proyeksi: bool) -> None:
    """Hitung capaian per indikator sampai triwulan tertentu.

    Setiap indikator tetap punya baris. Baris yang lembar kerjanya bergalat tertulis "tidak
    dihitung: galat di <berkas> sel <sel>"; galat dicantumkan di stderr dan kode keluar 1.
    Dengan --proyeksi: ke mana setiap indikator menuju pada akhir tahun bila lajunya tetap.
    """
    from kinerja.capaian.tabel import PUBLIC_COLUMNS, capaian_table
    from kinerja.laporan.render.excel import write_capaian_xlsx
    from kinerja.lembar.validate import validate_workbooks

    if fmt == "xlsx" and not keluaran:
        raise UsageError("--format xlsx memerlukan --keluaran BERKAS.xlsx.")
    dataset = validate_workbooks([Path(p) for p in paths], state.config, tahun=tahun, triwulan=triwulan)
    temuan = to_frame(dataset.temuan)
    galat = has_galat(dataset.temuan)
    if dataset.data.empty and galat:
        click.echo("Capaian tidak dapat dihitung: tidak ada baris indikator yang terbaca.", err=True)
        cetak(findings_view(temuan[temuan["tingkat"] == "galat"]), err=True, lebar=KODE_WHOLE)
        sys.exit(1)
    table = capaian_table(dataset.data, state.config, triwulan, temuan=temuan)
    if proyeksi:
        _keluarkan_proyeksi(table, state.config, fmt, keluaran)
    elif fmt == "xlsx" and keluaran:
        write_capaian_xlsx(table, Path(keluaran), tahun=tahun, triwulan=triwulan, config=state.config)
        click.echo(f"Tabel capaian ditulis ke {keluaran}")
    elif fmt in ("json", "csv"):
        keluarkan(table[list(PUBLIC_COLUMNS)], fmt, keluaran=keluaran)
    else:
        from kinerja.capaian.tabel import display_frame

        cetak(capaian_view(table, display_frame(table), state.config))
    if galat:
        shown = temuan[temuan["tingkat"] == "galat"]
        click.echo(f"{len(shown)} galat: baris indikator yang terkena tertulis 'tidak dihitung'. Perbaiki lembar kerja:", err=True)
        cetak(findings_view(shown), err=True, lebar=KODE_WHOLE)
        sys.exit(1)


def _keluarkan_proyeksi(table, config, fmt: str, keluaran: str | None) -> None:
    """``capaian --proyeksi``: the year-end projection of every indicator, riskiest first."""
    import pandas as pd

    from kinerja.capaian.proyeksi import KOLOM_PROYEKSI, proyeksi_table, ringkasan
    from kinerja.capaian.tabel import format_target

    frame = proyeksi_table(table, config)
    if fmt != "tabel":
        keluarkan(frame[list(KOLOM_PROYEKSI)], fmt, keluaran=keluaran, lembar="Proyeksi")
        if keluaran:
            click.echo(f"Proyeksi akhir tahun ditulis ke {keluaran}")
        return

    def angka(value: object) -> str:
        return format_target(None if value is None or value != value else round(float(value), 2))  # type: ignore[arg-type]

    view = pd.DataFrame({
        "Kode": frame["kode"].fillna("").astype(str),
        "Indikator": frame["indikator"].fillna("").astype(str),
        "Realisasi": [format_target(v) for v in frame["realisasi"]],
        "Proyeksi": [angka(v) for v in frame["proyeksi_realisasi"]],
        "Target": [format_target(v) for v in frame["target_tahunan"]],
        "Capaian": [format_percent(None if v is None or v != v else float(v)) for v in frame["proyeksi_capaian"]],
        "Status": frame["status_proyeksi"],
        "Keterangan": [k or a for k, a in zip(frame["kebutuhan"], frame["alasan"], strict=True)],
    })
    counts = ringkasan(frame)
    judul = (f"Proyeksi akhir tahun dari {triwulan_label(int(frame.attrs.get('triwulan', 4)))}: "
             + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    keluarkan(view, "tabel", judul=judul)


TERMINAL_CAPAIAN = ("Indikator", "Target", "Realisasi", "Capaian", "Predikat", "Serapan", "Efisiensi")
"""Columns of the terminal's capaian table (every column is in --format json/csv/xlsx)."""


def capaian_view(table, shown, config):
    """The terminal's capaian table: unit code (and indicator code, when present) in front, the key figures."""
    view = shown[[c for c in TERMINAL_CAPAIAN if c in shown.columns]].copy()
    front = []
    if "unit" in table.columns:
        front.append(("Unit", [(config.unit_by_name(str(u)).kode if config.unit_by_name(str(u)) else str(u))
                               for u in table["unit"].fillna("")]))
    if "kode" in table.columns and "Kode" not in view.columns:
        front.append(("Kode", table["kode"].fillna("").astype(str).tolist()))
    for position, (label, values) in enumerate(front):
        view.insert(position, label, values)
    return view


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--contoh", is_flag=True, help="Ruang kerja contoh: kantor fiktif dan data sampel satu tahun (laporan bertanda CONTOH).")
@click.option("--bersama", "grup", metavar="GRUP", default=None,
              help="Ruang kerja bersama grup sistem GRUP (folder 2770 setgid, berkas dapat ditulis grup); "
                   "juga untuk ruang kerja yang sudah ada.")
def init(folder: str, contoh: bool, grup: str | None) -> None:
    """Buat ruang kerja baru: kinerja.toml untuk diisi, data/raw/, data/archive/."""
    from kinerja.workspace import describe, describe_shared, init_workspace, share_workspace

    root = Path(folder).expanduser().resolve()
    if grup and (root / CONFIG_NAME).is_file():  # an existing workspace becomes shared; nothing else changes
        workspace = Workspace(root)
    else:
        workspace = init_workspace(folder, contoh=contoh)
        click.echo(describe(workspace, contoh))
    if grup:
        click.echo(describe_shared(workspace, grup, share_workspace(workspace, grup)))


@main.command("konfigurasi")
@pass_state
def konfigurasi(state: State) -> None:
    """Periksa kinerja.toml dan tampilkan ringkasannya (kode keluar 1 bila tidak valid)."""
    cfg = state.config
    click.echo(f"Konfigurasi {cfg.source} valid." + (" (KANTOR CONTOH: laporan bertanda CONTOH)" if cfg.contoh else ""))
    click.echo(f"  Instansi : {cfg.instansi.nama}")
    click.echo(f"  Kepala   : {cfg.kepala.jabatan} {cfg.kepala.nama}")
    click.echo("  Unit     : " + ", ".join(u.kode for u in cfg.unit))
    for role in ROLES:
        click.echo(f"  {ROLE_LABELS[role]:<20}: " + ", ".join(f"{p.nama} ({p.username})" for p in cfg.people_with_role(role)))


@main.command("sampel")
@click.option("--keluaran", type=Keluaran(file_okay=False), help="Folder tujuan (bawaan: data/raw ruang kerja contoh).")
@click.option("--tahun", type=TAHUN, default=2025, show_default=True)
@click.option("--timpa", is_flag=True, help="Timpa lembar kerja bernama sama yang isinya berbeda.")
@click.option("--tanpa-kesalahan", is_flag=True,
              help="Triwulan II tanpa kesalahan yang disengaja (seperti sesudah diperbaiki PPTK); dengan --timpa mengganti triwulan II yang salah.")
@pass_state
def sampel(state: State, keluaran: str | None, tahun: int, timpa: bool, tanpa_kesalahan: bool) -> None:
    """Tulis ulang data sampel (satu tahun, empat triwulan) untuk kantor contoh.

    Tahun selain 2025 berisi realisasi lain (tahun kedua kantor contoh)."""
    from kinerja.lembar.sample import write_sample_year

    if keluaran:
        target = Path(keluaran)
    else:
        if not state.config.contoh:
            raise UsageError(
                f"{state.workspace.root} adalah ruang kerja kantor (bukan contoh); data sampel tidak ditulis ke "
                "data/raw-nya. Pakai `kinerja init --contoh FOLDER` untuk ruang kerja contoh, atau --keluaran FOLDER."
            )
        target = state.workspace.raw
    written = write_sample_year(target, tahun, overwrite=timpa, kesalahan=not tanpa_kesalahan)
    click.echo(f"{len(written)} lembar kerja sampel ditulis ke {target}")
    if keluaran:
        return
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat

    riwayat = write_workspace_sample_riwayat(state.workspace, state.config, tahun, timpa=timpa)
    if riwayat is not None:
        click.echo(f"Riwayat capaian {tahun - 2}-{tahun - 1}, target Renstra dan standar sampel ditulis ke {riwayat}")
    from kinerja.alur.kunci import write_workspace_sample_keys

    keys = write_workspace_sample_keys(state.workspace.root, state.config)
    if keys:
        click.echo(f"{len(keys)} kunci SAMPEL (diketahui umum, hanya untuk kantor contoh) ditulis ke {keys[0].parent}")


@main.command("demo")
@pass_state
def demo(state: State) -> None:
    """Satu tahun contoh penuh menurut SOP sampai LKjIP final dan terdokumentasi, di ruang kerja contoh (dipanggil oleh `make demo`; di checkout repositori: di ruang kerja contoh sendiri, ruang-kerja-demo/)."""
    from kinerja.alur.konteks import KonteksKerja
    from kinerja.cli.demo import demo_workspace, run_demo

    if not state.config.contoh:
        raise UsageError(
            f"`kinerja demo` hanya berjalan di ruang kerja contoh, sedangkan {state.config.source} adalah kantor sungguhan. "
            "Buat ruang kerja contoh dengan `kinerja init --contoh FOLDER` lalu jalankan `kinerja --ruang-kerja FOLDER demo`."
        )
    workspace, note = demo_workspace(state.workspace)
    if note:
        click.echo(note)
    ruang = KonteksKerja.buka(workspace)  # the command's context, or the demo workspace's own
    with ruang:
        sys.exit(run_demo(ruang, ruang.config))


def _register_optional() -> None:
    """Attach the workflow and report command groups (modules owned by those features)."""
    for module in (cli_admin, cli_alur, cli_arsip, cli_ingatkan, cli_laporan, cli_pemda, cli_reviu, cli_tahun, cli_web):
        for command in module.COMMANDS:
            main.add_command(command)


_register_optional()


INTERRUPTED = 130
"""Exit code after Ctrl+C (128 + SIGINT, as shells report it)."""


def run() -> None:
    """Console-script entry point.

    Ctrl+C ends with click's one line ("Dibatalkan.") and exit code :data:`INTERRUPTED`; what the
    libraries print afterwards while kernels and the browser go away (a dead kernel's pending
    task, a closed Playwright pipe) is not shown.
    """
    interrupted: list[int] = []

    def on_sigint(signum: int, frame: Any) -> None:
        interrupted.append(signum)
        signal.default_int_handler(signum, frame)  # KeyboardInterrupt, as without this handler

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when SIGINT is ignored (cron, nohup)
        signal.signal(signal.SIGINT, on_sigint)
    try:
        main(prog_name="kinerja")
    except SystemExit:
        if interrupted:
            silence_stderr()
            raise SystemExit(INTERRUPTED) from None
        raise


if __name__ == "__main__":  # pragma: no cover
    run()
