"""Pengingat tenggat: tell whoever acts next before their SOP deadline, by email (``kinerja ingatkan``).

For every open case of the running year (:func:`kinerja.alur.workflow.load_cases`) the next step,
its actors and its deadline come from the SOP table and the work calendar — the same
:func:`~kinerja.alur.workflow.due_after` the status board shows. One reminder is due per moment:

- ``sebelum``: from ``[surel] jam_sebelum`` working hours before the deadline (at once for a
  step shorter than that);
- ``hari_tenggat``: at the opening of the deadline's day, for a step that runs over several days;
- ``lewat``: once the deadline has passed.

Only the most advanced kind that applies now is sent (a command that did not run for a day sends
"lewat", not three messages). Each message carries the case, the step, the deadline in the
office's time zone, the web app's link and an ``.ics`` calendar entry.

Idempotent: what was sent is recorded in ``kinerja-pengingat.db`` beside the history (key: case,
the moment its current state began, step, kind, recipient), so a run every 15 minutes sends
nothing twice and nothing after the step is done (the state, and so the key, has moved on). A
failing SMTP server records nothing: the next run tries again. The reminder log is not part of
the signed history (the sender is a machine, with no key of its own); it is append-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import smtplib
import sqlite3
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kinerja.alur.konteks import store_of
from kinerja.alur.workflow import Kasus, current_year, due_after, load_cases
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.workcalendar import WorkCalendar
from kinerja.errors import KinerjaError
from kinerja.numbers import ZONA_SINGKATAN, format_datetime, office_clock, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Config, Pegawai
    from kinerja.paths import Workspace

SEBELUM = "sebelum"
HARI_TENGGAT = "hari_tenggat"
LEWAT = "lewat"
JENIS = (SEBELUM, HARI_TENGGAT, LEWAT)

LOG_NAME = "kinerja-pengingat.db"
"""The reminder log, beside ``kinerja.db`` in the workspace."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS terkirim (
    kunci TEXT PRIMARY KEY,
    waktu TEXT NOT NULL,
    kasus TEXT NOT NULL,
    aksi TEXT NOT NULL,
    jenis TEXT NOT NULL,
    penerima TEXT NOT NULL,
    surel TEXT NOT NULL,
    tenggat TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS terkirim_tetap_ubah BEFORE UPDATE ON terkirim
BEGIN SELECT RAISE(ABORT, 'catatan pengingat tidak boleh diubah'); END;
CREATE TRIGGER IF NOT EXISTS terkirim_tetap_hapus BEFORE DELETE ON terkirim
BEGIN SELECT RAISE(ABORT, 'catatan pengingat tidak boleh dihapus'); END;
"""


class PengingatError(KinerjaError):
    """Reminders could not be sent (SMTP server, configuration); nothing was recorded."""


@dataclass(frozen=True)
class Pengingat:
    """One reminder to one person."""

    jenis: str
    kasus: Kasus
    langkah: sop.Langkah
    penerima: Pegawai
    tenggat: dt.datetime  # office wall clock
    sejak: dt.datetime

    @property
    def kunci(self) -> str:
        """The idempotency key: case, when its state began, step, kind, recipient."""
        step = case_key(self.kasus.tahun, self.kasus.triwulan, self.kasus.unit, self.sejak.isoformat(timespec="seconds"),
                        self.langkah.aksi)
        return f"{step}|{self.jenis}|{self.penerima.username}"


def next_people(config: Config, kasus: Kasus) -> list[Pegawai]:
    """Who takes the next step of ``kasus``: the assigned PPTK for the report, else everyone with the role."""
    steps = sop.aksi_dari(kasus.keadaan, config.opsi_sop)
    if not steps:
        return []
    if steps[0].mengajukan and kasus.pptk:
        person = config.person(kasus.pptk)
        if person is not None:
            return [person]
    return config.people_with_role(steps[0].peran)


def _kind_now(calendar: WorkCalendar, sejak: dt.datetime, due: dt.datetime, now: dt.datetime, jam_sebelum: float,
              opening: dt.time) -> str | None:
    """The most advanced reminder that applies at ``now``, or None."""
    if now >= due:
        return LEWAT
    if now < sejak:
        return None
    if due.date() > sejak.date() and now >= dt.datetime.combine(due.date(), opening):
        return HARI_TENGGAT
    if calendar.working_minutes_between(now, due) <= jam_sebelum * 60:
        return SEBELUM
    return None


def due_reminders(workspace: Workspace, config: Config, *, now: dt.datetime | None = None,
                  tahun: int | None = None) -> list[Pengingat]:
    """Every reminder that applies now (sent or not), for the running year (or ``tahun``)."""
    moment = now or office_clock(zona_of(config))
    year = tahun or current_year(config, moment.date())
    calendar = WorkCalendar(config.jam_kerja)
    if not workspace.database.exists():
        return []
    with store_of(workspace) as store:
        cases = load_cases(store, config, year)
    out: list[Pengingat] = []
    for kasus in cases:
        steps = sop.aksi_dari(kasus.keadaan, config.opsi_sop)
        if not steps or kasus.sejak is None or steps[0].mutu_baku is None:
            continue  # a step without a time standard (the reviu assignment's) has no deadline to remind of
        due = due_after(calendar, kasus.sejak, steps[0].mutu_baku)
        jenis = _kind_now(calendar, kasus.sejak, due, moment, config.surel.jam_sebelum, config.jam_kerja.mulai)
        if jenis is None:
            continue
        out.extend(Pengingat(jenis, kasus, steps[0], person, due, kasus.sejak) for person in next_people(config, kasus))
    return out


# -- the log ----------------------------------------------------------------------------------


class Log:
    """The append-only record of reminders sent (``kinerja-pengingat.db``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30)
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise PengingatError(f"Catatan pengingat {path} tidak dapat dibuka: {exc}.") from exc

    def sent(self, kunci: str) -> bool:
        return self.db.execute("SELECT 1 FROM terkirim WHERE kunci = ?", (kunci,)).fetchone() is not None

    def record(self, item: Pengingat, waktu: dt.datetime) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO terkirim VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item.kunci, waktu.isoformat(timespec="seconds"), item.kasus.label, item.langkah.aksi, item.jenis,
                 item.penerima.username, item.penerima.surel, item.tenggat.isoformat(timespec="seconds")),
            )

    def rows(self) -> list[tuple]:
        return self.db.execute("SELECT * FROM terkirim ORDER BY waktu, kunci").fetchall()

    def close(self) -> None:
        self.db.close()


# -- the message ------------------------------------------------------------------------------

_JUDUL = {SEBELUM: "Pengingat", HARI_TENGGAT: "Hari ini tenggat", LEWAT: "Tenggat terlewati"}


def _utc(moment: dt.datetime, zona: str) -> dt.datetime:
    return moment.replace(tzinfo=ZoneInfo(zona)).astimezone(dt.UTC)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(item: Pengingat, config: Config, stamp: dt.datetime) -> str:
    """A one-event calendar (RFC 5545) at the deadline, times in UTC."""
    zona = zona_of(config)
    start = _utc(item.tenggat, zona)
    uid = hashlib.sha256(item.kunci.encode()).hexdigest()[:32]
    fmt = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kinerja//pengingat tenggat//ID", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@kinerja",
        f"DTSTAMP:{stamp.astimezone(dt.UTC).strftime(fmt)}",
        f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{(start + dt.timedelta(minutes=15)).strftime(fmt)}",
        f"SUMMARY:{_ics_text(f'Tenggat: {item.langkah.label} ({item.kasus.label})')}",
        f"DESCRIPTION:{_ics_text(_body_lines(item, config)[2])}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _body_lines(item: Pengingat, config: Config) -> list[str]:
    zona = zona_of(config)
    tenggat = format_datetime(item.tenggat, zona)
    peran = ROLE_LABELS.get(item.langkah.peran, item.langkah.peran)
    keadaan = {
        SEBELUM: f"Tenggat langkah ini {tenggat}.",
        HARI_TENGGAT: f"Hari ini tenggat langkah ini: {tenggat}.",
        LEWAT: f"Tenggat langkah ini sudah terlewati ({tenggat}); keterlambatan menunda seluruh laporan kinerja.",
    }[item.jenis]
    lines = [
        f"Yth. {item.penerima.nama},",
        "",
        f"{item.kasus.label}: langkah \"{item.langkah.label}\" menunggu Anda ({peran}), mutu baku "
        f"{sop.label_mutu(item.langkah.mutu_baku)}. {keadaan}",
        "",
    ]
    if config.surel.tautan:
        lines += [f"Buka aplikasi kinerja: {config.surel.tautan}", ""]
    lines += [f"Surel ini dikirim otomatis oleh kinerja untuk {config.instansi.nama}; lampiran .ics dapat "
              "dimasukkan ke kalender Anda.", ""]
    return lines


def message(item: Pengingat, config: Config, stamp: dt.datetime) -> EmailMessage:
    """The email for one reminder, with its ``.ics`` attachment."""
    zona = zona_of(config)
    msg = EmailMessage()
    msg["From"] = Address(display_name=f"kinerja {config.instansi.nama}", addr_spec=config.surel.pengirim)
    msg["To"] = Address(display_name=item.penerima.nama, addr_spec=item.penerima.surel)
    msg["Subject"] = (f"[kinerja] {_JUDUL[item.jenis]}: {item.langkah.label} — {item.kasus.label}, tenggat "
                      f"{format_datetime(item.tenggat, zona)}")
    msg["Date"] = formatdate(stamp.timestamp(), localtime=False)
    msg["Message-ID"] = make_msgid(domain="kinerja")
    msg.set_content("\n".join(_body_lines(item, config)))
    msg.add_attachment(ics(item, config, stamp).encode(), maintype="text", subtype="calendar",
                       filename="tenggat.ics", params={"method": "PUBLISH"})
    return msg


# -- sending ----------------------------------------------------------------------------------


@dataclass
class Hasil:
    """What one run did."""

    terkirim: list[Pengingat]
    sudah: list[Pengingat]         # sent by an earlier run
    tanpa_alamat: list[Pengingat]  # the person has no ``surel`` in the config


def _connect(config: Config) -> smtplib.SMTP:
    surel = config.surel
    try:
        if surel.keamanan == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(surel.host, surel.port, timeout=30,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(surel.host, surel.port, timeout=30)
            if surel.keamanan == "starttls":
                server.starttls(context=ssl.create_default_context())
        if surel.pengguna:
            sandi = os.environ.get(surel.sandi_env, "")
            if not sandi:
                server.close()
                raise PengingatError(f"Sandi SMTP untuk {surel.pengguna} belum tersedia: isi variabel lingkungan "
                                     f"{surel.sandi_env} (sandi tidak ditulis di kinerja.toml).")
            server.login(surel.pengguna, sandi)
    except PengingatError:
        raise
    except (OSError, smtplib.SMTPException) as exc:
        raise PengingatError(f"Server surel {surel.host}:{surel.port} tidak dapat dihubungi ({_reason(exc)}); "
                             "tidak ada pengingat yang dicatat terkirim, jalankan lagi nanti.") from exc
    return server


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "sambungan ditolak"
    if isinstance(exc, TimeoutError):
        return "waktu habis"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "nama pengguna atau sandi ditolak"
    if isinstance(exc, ssl.SSLError):
        return "TLS gagal"
    return exc.__class__.__name__


def check_config(config: Config) -> None:
    """Refuse to send without a server or a sender, with the keys to fill."""
    missing = [name for name, value in (("host", config.surel.host), ("pengirim", config.surel.pengirim)) if not value]
    if missing:
        raise PengingatError("Pengingat surel belum dikonfigurasi: isi " + " dan ".join(f"[surel] {m}" for m in missing)
                             + f" di {config.source}.")


def send_due(workspace: Workspace, config: Config, *, now: dt.datetime | None = None, kering: bool = False,
             tahun: int | None = None) -> Hasil:
    """Send every reminder due now that was not sent before; ``kering``: only say what would be sent.

    Each message is recorded right after the server accepted it, so a failure part-way keeps what
    was sent and the next run sends the rest.
    """
    moment = now or office_clock(zona_of(config))
    due = due_reminders(workspace, config, now=moment, tahun=tahun)
    log = Log(workspace.root / LOG_NAME) if not kering or (workspace.root / LOG_NAME).exists() else None
    try:
        sudah = [p for p in due if log is not None and log.sent(p.kunci)]
        pending = [p for p in due if p not in sudah]
        tanpa = [p for p in pending if not p.penerima.surel]
        kirim = [p for p in pending if p.penerima.surel]
        if kering or not kirim:
            return Hasil(kirim, sudah, tanpa)
        check_config(config)
        stamp = dt.datetime.now(dt.UTC)
        server = _connect(config)
        sent: list[Pengingat] = []
        try:
            for item in kirim:
                try:
                    server.send_message(message(item, config, stamp))
                except (OSError, smtplib.SMTPException) as exc:
                    raise PengingatError(
                        f"Server surel menolak pengingat untuk {item.penerima.nama} ({_reason(exc)}); "
                        f"{len(sent)} terkirim dan dicatat, sisanya dicoba lagi pada jalan berikutnya.") from exc
                assert log is not None
                log.record(item, moment)
                sent.append(item)
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        return Hasil(sent, sudah, tanpa)
    finally:
        if log is not None:
            log.close()


def case_key(tahun: int, triwulan: int | None, unit: str, sejak: str, aksi: str) -> str:
    """The part of a reminder's key naming one step of one case (:attr:`Pengingat.kunci` without kind and recipient)."""
    return "|".join((str(tahun), str(triwulan or "tahunan"), unit, sejak, aksi))


def last_sent(workspace: Workspace) -> dict[str, tuple[str, str]]:
    """The latest reminder sent per case step (:func:`case_key`) → (jenis, waktu); empty without a log.

    Reading never creates the log.
    """
    path = workspace.root / LOG_NAME
    if not path.exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute("SELECT kunci, jenis, waktu FROM terkirim ORDER BY waktu").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return {}
    return {"|".join(kunci.split("|")[:5]): (jenis, waktu) for kunci, jenis, waktu in rows}


def status_text(row: dict, sent: dict[str, tuple[str, str]]) -> str:
    """The status board's "Pengingat" cell of a :func:`kinerja.alur.workflow.case_status` row: the
    latest reminder for its current step, or '' (none sent, or the case is finished)."""
    if not row.get("aksi_berikut") or not row.get("sejak"):
        return ""
    key = case_key(row["tahun"], row["triwulan"], row["unit"], row["sejak"], row["aksi_berikut"][0])
    if key not in sent:
        return ""
    jenis, waktu = sent[key]
    label = {SEBELUM: "sebelum tenggat", HARI_TENGGAT: "hari tenggat", LEWAT: "tenggat terlewati"}.get(jenis, jenis)
    return f"{label}, {dt.datetime.fromisoformat(waktu):%d-%m %H.%M}"


def zone_label(config: Config) -> str:
    """WIB/WITA/WIT of the office (or its IANA name)."""
    zona = zona_of(config)
    return ZONA_SINGKATAN.get(zona, zona)
