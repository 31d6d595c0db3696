"""kinerja layani without a server: its address rules and refusals (the running app: test_web.py)."""

from __future__ import annotations

import os

import pytest

from kinerja.errors import UsageError
from kinerja.paths import Workspace
from kinerja.web.layani import APP_NOTEBOOK, serve, url_of, voila_argv


def test_the_url_and_the_voila_command_line():
    assert url_of("127.0.0.1", 8866, "rahasia") == "http://127.0.0.1:8866/?token=rahasia"
    assert url_of("::1", 9000, "t") == "http://[::1]:9000/?token=t"  # IPv6 in brackets
    argv = voila_argv("0.0.0.0", 9000, "t")
    assert argv[0] == str(APP_NOTEBOOK)
    assert {"--no-browser", "--port=9000", "--Voila.ip=0.0.0.0", "--token=t", "--template=kinerja",
            "--Voila.port_retries=0", "--VoilaConfiguration.show_tracebacks=False"} <= set(argv)


@pytest.mark.parametrize("port", [0, 65536])
def test_an_impossible_port_is_refused_before_anything_starts(tmp_path, port):
    said: list[str] = []
    with pytest.raises(UsageError, match=f"Port {port} tidak valid; pilih 1-65535."):
        serve(Workspace(tmp_path), "127.0.0.1", port, "t", echo=said.append)
    assert said == []


@pytest.mark.parametrize("alamat", ["0.0.0.0", "192.168.1.10", "::"])
def test_an_address_other_computers_reach_is_refused_without_a_hub(tmp_path, alamat):
    said: list[str] = []
    with pytest.raises(UsageError, match=f"Alamat {alamat} dapat dijangkau dari komputer lain.*JupyterHub"):
        serve(Workspace(tmp_path), alamat, 8866, "t", echo=said.append)
    assert said == []


def test_the_app_composes_with_the_command_when_no_warm_service_answers(tmp_path, monkeypatch):
    """No service (JupyterLab), one that stopped, or a wrong key: the page runs ``kinerja laporan`` itself."""
    from multiprocessing.connection import Listener

    from kinerja.alur import susun

    ws = Workspace(tmp_path)
    monkeypatch.delenv(susun.ENV_ALAMAT, raising=False)
    assert susun._hangat(ws, 2025, 1) is None
    monkeypatch.setenv(susun.ENV_ALAMAT, str(tmp_path / "tidak-ada"))
    monkeypatch.setenv(susun.ENV_KUNCI, "00" * 32)
    assert susun._hangat(ws, 2025, 1) is None  # stopped: nothing listens there
    with Listener(authkey=b"lain" * 8) as listener:  # another key: refused in the handshake
        import threading

        def accept():
            try:
                listener.accept()
            except Exception:  # noqa: BLE001 - the handshake fails, as it should
                pass

        thread = threading.Thread(target=accept)
        thread.start()
        monkeypatch.setenv(susun.ENV_ALAMAT, str(listener.address))
        assert susun._hangat(ws, 2025, 1) is None
        thread.join()


def test_the_warm_service_leaves_another_workspace_to_the_command(tmp_path):
    from kinerja.alur.susun import permintaan
    from kinerja.web.susun import LayananSusun

    layanan = LayananSusun(Workspace(tmp_path / "dilayani"))
    try:
        assert layanan.susun(permintaan(Workspace(tmp_path / "lain"), 2025, 1)) == {"bukan_di_sini": True}
        assert layanan.parts.kernels is None and layanan.dilayani == 0  # nothing was started for it
    finally:
        layanan.close()


@pytest.mark.parametrize("reply", [{"returncode": 1, "stdout": "Laporan triwulan I 2025 dibuat.\n",
                                    "stderr": "Galat: sel F12 kosong.\n"}, ["bukan", "jawaban"], {"stdout": "tanpa kode"}])
def test_the_app_takes_the_warm_services_answer_and_a_broken_answer_leaves_it_to_the_command(tmp_path, monkeypatch, reply):
    """The page sends the case (workspace, year, quarter) over the authenticated socket and shows what the
    service answers; an answer that is not the command's result is no answer."""
    import secrets
    import threading
    from multiprocessing.connection import Listener

    from kinerja.alur import susun

    key = secrets.token_bytes(32)
    asked: list[object] = []
    with Listener(authkey=key) as listener:
        def serve_once():
            with listener.accept() as conn:
                asked.append(conn.recv())
                conn.send(reply)

        thread = threading.Thread(target=serve_once)
        thread.start()
        monkeypatch.setenv(susun.ENV_ALAMAT, str(listener.address))
        monkeypatch.setenv(susun.ENV_KUNCI, key.hex())
        done = susun._hangat(Workspace(tmp_path), 2025, None)
        thread.join()
    assert asked == [{"ruang_kerja": str(tmp_path), "tahun": 2025, "triwulan": None}]
    if isinstance(reply, dict) and "returncode" in reply:
        assert done is not None
        assert (done.returncode, done.stdout, done.stderr) == (1, "Laporan triwulan I 2025 dibuat.\n",
                                                               "Galat: sel F12 kosong.\n")
    else:
        assert done is None


def test_the_warm_service_answers_the_page_over_its_socket_with_the_commands_error(tmp_path, monkeypatch):
    """The server's service end to end without a kernel: a workspace whose kinerja.toml is missing gets no warm
    parts (logged), and the page's request, sent over the authenticated socket by alur.susun, is answered with
    the command's own message and exit code."""
    from kinerja.alur import susun
    from kinerja.web.susun import mulai

    ws = Workspace(tmp_path / "kantor")
    ws.root.mkdir()
    monkeypatch.setenv(susun.ENV_ALAMAT, "")  # restored after the test: mulai() writes this process's environment
    monkeypatch.setenv(susun.ENV_KUNCI, "")
    layanan = mulai(ws)
    try:
        assert os.environ[susun.ENV_ALAMAT] == str(layanan.alamat)
        assert os.environ[susun.ENV_KUNCI] == layanan.kunci.hex()
        done = susun.susun_laporan(ws, 2025, 2)
    finally:
        layanan.close()
    assert done.args == ["kinerja layani: susun laporan"]  # the warm service answered, not a child process
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.startswith("Galat: ") and "kinerja.toml" in done.stderr and "Traceback" not in done.stderr
    assert layanan.parts.kernels is None and layanan.dilayani == 0
