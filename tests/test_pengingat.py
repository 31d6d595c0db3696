"""Deadline reminders through a real SMTP server on localhost (aiosmtpd), read back as email and .ics."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import socket
import subprocess
import sys
from email.message import Message
from pathlib import Path

import pytest
from _util_alur import make_workspace
from aiosmtpd.controller import Controller
from icalendar import Calendar

from kinerja.alur.pengingat import HARI_TENGGAT, LEWAT, LOG_NAME, SEBELUM, Log, PengingatError, send_due
from kinerja.alur.workflow import act
from kinerja.config import load_config
from kinerja.paths import SAMPLE_CONFIG

ASSIGNED = dt.datetime(2025, 4, 10, 8, 0)  # Thursday, a working day


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def office(tmp_path: Path, port: int, *, zona: str = "Asia/Jakarta"):
    """The sample office with email addresses, an SMTP server on ``port`` and the office's zone."""
    ws = make_workspace(tmp_path / "kantor")
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    for user in ("siti", "budi", "dewi"):
        text = text.replace(f'username = "{user}"\n', f'username = "{user}"\nsurel = "{user}@kantor.test"\n', 1)
    text = re.sub(r'^zona_waktu = "[^"]*"', f'zona_waktu = "{zona}"', text, count=1, flags=re.M)
    text += (f'\n[surel]\nhost = "127.0.0.1"\nport = {port}\nkeamanan = "tanpa"\npengirim = "kinerja@kantor.test"\n'
             'tautan = "http://kinerja.kantor.test/"\njam_sebelum = 2\n')
    ws.config_file.write_text(text, encoding="utf-8")
    config = load_config(ws.config_file)
    assert config.instansi.zona_waktu == zona
    return ws, config


def attachment(message: Message) -> Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_reminders_before_on_the_day_and_after_each_sent_once(tmp_path, smtp) -> None:
    controller, inbox = smtp
    ws, config = office(tmp_path, controller.port)
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    # Step 2 (the Sekretaris orders the Analis Data): 30 minutes, due 08.30 — shorter than 2 hours, so at once.
    first = send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=5), tahun=2025)
    assert [(p.jenis, p.penerima.username) for p in first.terkirim] == [(SEBELUM, "siti")]
    again = send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=20), tahun=2025)
    assert again.terkirim == [] and len(again.sudah) == 1, "a run every 15 minutes sends nothing twice"
    late = send_due(ws, config, now=ASSIGNED + dt.timedelta(hours=1), tahun=2025)
    assert [(p.jenis, p.penerima.username) for p in late.terkirim] == [(LEWAT, "siti")]
    assert send_due(ws, config, now=ASSIGNED + dt.timedelta(hours=3), tahun=2025).terkirim == []

    assert len(inbox.messages) == 2
    before, after = inbox.messages
    (to,) = before["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Hj. Siti Rahmawati, S.H., M.H.", "siti@kantor.test")
    assert before["From"].addresses[0].addr_spec == "kinerja@kantor.test"
    assert "TW I 2025" in before["Subject"] and "10 April 2025 pukul 08.30 WIB" in before["Subject"]
    assert after["Subject"].startswith("[kinerja] Tenggat terlewati")
    body = before.get_body(preferencelist=("plain",)).get_content()
    assert "http://kinerja.kantor.test/" in body and "30 menit" in body
    event = next(c for c in attachment(before).walk() if c.name == "VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2025, 4, 10, 1, 30, tzinfo=dt.UTC)  # 08.30 WIB

    # Once the step is done nothing more is sent for it; the next actor's one-day step gets its reminder
    # at the opening of its deadline's day.
    act(ws, config, "perintahkan", 2025, 1, username="siti", now=ASSIGNED + dt.timedelta(hours=3, minutes=30))
    assert send_due(ws, config, now=ASSIGNED + dt.timedelta(hours=4), tahun=2025).terkirim == []
    next_day = send_due(ws, config, now=dt.datetime(2025, 4, 11, 7, 45), tahun=2025)
    assert [(p.jenis, p.penerima.username) for p in next_day.terkirim] == [(HARI_TENGGAT, "dewi")]
    assert inbox.messages[-1]["To"].addresses[0].addr_spec == "dewi@kantor.test"
    rows = Log(ws.root / LOG_NAME).rows()
    assert [(r[4], r[5]) for r in rows] == [(SEBELUM, "siti"), (LEWAT, "siti"), (HARI_TENGGAT, "dewi")]


def test_deadline_in_the_office_zone_and_in_the_calendar_entry(tmp_path, smtp) -> None:
    controller, inbox = smtp
    ws, config = office(tmp_path, controller.port, zona="Asia/Makassar")
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=1), tahun=2025)
    (message,) = inbox.messages
    assert "10 April 2025 pukul 08.30 WITA" in message["Subject"]
    event = next(c for c in attachment(message).walk() if c.name == "VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2025, 4, 10, 0, 30, tzinfo=dt.UTC)  # 08.30 WITA = 00.30 UTC
    assert "TW I 2025" in str(event.get("SUMMARY"))


def test_server_down_records_nothing_and_the_next_run_sends(tmp_path, smtp) -> None:
    controller, inbox = smtp
    ws, config = office(tmp_path, free_port())  # nobody listens there
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    with pytest.raises(PengingatError) as info:
        send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=5), tahun=2025)
    assert "tidak dapat dihubungi" in str(info.value) and "jalankan lagi" in str(info.value)
    assert Log(ws.root / LOG_NAME).rows() == []
    text = ws.config_file.read_text(encoding="utf-8").replace(f"port = {config.surel.port}", f"port = {controller.port}")
    ws.config_file.write_text(text, encoding="utf-8")
    retried = send_due(ws, load_config(ws.config_file), now=ASSIGNED + dt.timedelta(minutes=10), tahun=2025)
    assert [p.jenis for p in retried.terkirim] == [SEBELUM] and len(inbox.messages) == 1


def cli(ws, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja.cli.commands", "--ruang-kerja", str(ws.root), "ingatkan", *args],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, COLUMNS="200"))


def test_cli_dry_run_then_send_then_nothing_twice_and_a_clear_failure(tmp_path, smtp) -> None:
    controller, inbox = smtp
    ws, config = office(tmp_path, controller.port)
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    dry = cli(ws, "--tahun", "2025", "--kering")
    assert dry.returncode == 0, dry.stderr
    assert "akan dikirim: TW I 2025" in dry.stdout and "siti@kantor.test" in dry.stdout
    assert inbox.messages == [] and not (ws.root / LOG_NAME).exists()
    sent = cli(ws, "--tahun", "2025")
    assert sent.returncode == 0, sent.stderr
    # Run today, 2025 is long past: TW I's next step, and TW II–IV never assigned (due on the 10th + 15 minutes).
    assert "4 pengingat terkirim" in sent.stdout and len(inbox.messages) == 4
    assert all(m["Subject"].startswith("[kinerja] Tenggat terlewati") for m in inbox.messages)
    assert sorted(m["Subject"].split(" — ")[1].split(",")[0] for m in inbox.messages) == [
        "TW I 2025", "TW II 2025", "TW III 2025", "TW IV 2025"]
    twice = cli(ws, "--tahun", "2025")
    assert "0 pengingat terkirim, 4 sudah terkirim sebelumnya" in twice.stdout and len(inbox.messages) == 4
    act(ws, config, "perintahkan", 2025, 1, username="siti", now=ASSIGNED + dt.timedelta(hours=1))
    dead = free_port()  # the server is gone: nobody listens on the configured port any more
    ws.config_file.write_text(ws.config_file.read_text(encoding="utf-8").replace(f"port = {controller.port}", f"port = {dead}"),
                              encoding="utf-8")
    down = cli(ws, "--tahun", "2025")
    assert down.returncode == 1
    assert "Server surel 127.0.0.1" in down.stderr and "tidak dapat dihubungi" in down.stderr
    assert "Traceback" not in down.stderr
    assert len(Log(ws.root / LOG_NAME).rows()) == 4, "the failed run records nothing"
    board = subprocess.run([sys.executable, "-m", "kinerja.cli.commands", "--ruang-kerja", str(ws.root), "status",
                            "--tahun", "2025", "--format", "json"], capture_output=True, text=True, timeout=300)
    rows = {r["kasus"]: r for r in __import__("json").loads(board.stdout)}
    assert rows["TW II 2025"]["pengingat"].startswith("tenggat terlewati, ")  # the status board shows what was sent
    assert rows["TW I 2025"]["pengingat"] == ""  # TW I moved on to a step nobody was reminded of yet


def test_password_never_in_the_config_file(tmp_path) -> None:
    ws, config = office(tmp_path, free_port())
    ws.config_file.write_text(ws.config_file.read_text(encoding="utf-8") + 'sandi = "rahasia"\n', encoding="utf-8")
    from kinerja.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        load_config(ws.config_file)
    assert "surel.sandi" in str(info.value)


def _with_login(ws, user: str) -> object:
    text = ws.config_file.read_text(encoding="utf-8").replace('keamanan = "tanpa"\n', f'keamanan = "tanpa"\npengguna = "{user}"\n')
    ws.config_file.write_text(text, encoding="utf-8")
    return load_config(ws.config_file)


@pytest.fixture
def smtp_login():
    """An SMTP server that asks for a login (user ``kinerja``, password ``benar``) and keeps what it accepts."""
    from aiosmtpd.smtp import AuthResult

    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"kinerja" and auth_data.password == b"benar"
        return AuthResult(success=ok, handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=check, auth_require_tls=False)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_a_login_without_its_password_in_the_environment_is_refused_before_anything_is_sent(tmp_path, smtp_login,
                                                                                             monkeypatch) -> None:
    controller, inbox = smtp_login
    ws, _ = office(tmp_path, controller.port)
    config = _with_login(ws, "kinerja")
    monkeypatch.delenv("KINERJA_SUREL_SANDI", raising=False)
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    with pytest.raises(PengingatError) as info:
        send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=5), tahun=2025)
    assert str(info.value) == ("Sandi SMTP untuk kinerja belum tersedia: isi variabel lingkungan KINERJA_SUREL_SANDI "
                               "(sandi tidak ditulis di kinerja.toml).")
    assert inbox.messages == [] and Log(ws.root / LOG_NAME).rows() == []


def test_a_wrong_password_is_named_and_the_right_one_sends(tmp_path, smtp_login, monkeypatch) -> None:
    controller, inbox = smtp_login
    ws, _ = office(tmp_path, controller.port)
    config = _with_login(ws, "kinerja")
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
    monkeypatch.setenv("KINERJA_SUREL_SANDI", "salah")
    with pytest.raises(PengingatError) as info:
        send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=5), tahun=2025)
    assert str(info.value) == (f"Server surel 127.0.0.1:{controller.port} tidak dapat dihubungi (nama pengguna atau sandi "
                               "ditolak); tidak ada pengingat yang dicatat terkirim, jalankan lagi nanti.")
    assert inbox.messages == [] and Log(ws.root / LOG_NAME).rows() == []
    monkeypatch.setenv("KINERJA_SUREL_SANDI", "benar")
    sent = send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=6), tahun=2025)
    assert [(p.jenis, p.penerima.username) for p in sent.terkirim] == [(SEBELUM, "siti")]
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["siti@kantor.test"]


def test_a_message_the_server_refuses_is_named_and_left_for_the_next_run(tmp_path) -> None:
    class Refusing(Inbox):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            return "550 kotak surat penuh"

    controller = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        ws, config = office(tmp_path, controller.port)
        act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=ASSIGNED)
        with pytest.raises(PengingatError) as info:
            send_due(ws, config, now=ASSIGNED + dt.timedelta(minutes=5), tahun=2025)
    finally:
        controller.stop()
    assert str(info.value) == ("Server surel menolak pengingat untuk Hj. Siti Rahmawati, S.H., M.H. (SMTPDataError); "
                               "0 terkirim dan dicatat, sisanya dicoba lagi pada jalan berikutnya.")
    assert Log(ws.root / LOG_NAME).rows() == []
