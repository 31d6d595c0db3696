"""The reviu as an assignment case of the signed history (issue 20, item 2), through the CLI and the real store.

The Inspektur assigns the Pengendali Teknis and the auditor; only the assigned auditor performs the reviu
(`kinerja reviu`'s engine on the LKjIP fixture typed from published rows), its papers published as one set with
checksums; the Pengendali Teknis returns it with a note, then approves the resubmitted set (refused while a file
of it was changed); the Inspektur issues the final LHR and Pernyataan from the approved set. The KKR .xlsx and
the LHR .docx are read back through LibreOffice; `kinerja status` shows the case and the audit finds the history
whole.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
import _util_reviu as fx  # noqa: E402

from kinerja.alur.kunci import public_text, sample_key, write_workspace_sample_keys  # noqa: E402
from kinerja.alur.workflow import history  # noqa: E402
from kinerja.cli.commands import main  # noqa: E402
from kinerja.config import load_config  # noqa: E402
from kinerja.domain import sop  # noqa: E402
from kinerja.paths import SAMPLE_CONFIG, Workspace  # noqa: E402
from kinerja.terbitan import current, sha256_file  # noqa: E402

PEOPLE = (
    ("Siti", "siti", "sekretaris"), ("Budi", "budi", "pptk"), ("Dewi", "dewi", "analis_data"),
    ("Rizal", "rizal", "kasubag_perencanaan"), ("Drs. Andi Wijaya, M.Si.", "andi", "inspektur"),
    ("Hana Pertiwi, S.E.", "hana", "pengendali_teknis"), ("Fajar Nugroho", "fajar", "auditor"),
    ("Gita Lestari", "gita", "auditor"),
)


def _config_text(reviu_lkjip: bool) -> str:
    head = SAMPLE_CONFIG.read_text(encoding="utf-8").split("[[pegawai]]")[0]
    people = "".join(
        f'\n[[pegawai]]\nnama = "{nama}"\nnip = "{i}"\nusername = "{user}"\n'
        f'kunci_publik = "{public_text(sample_key(user))}"\nperan = ["{peran}"]\nunit = "SEKRETARIAT"\n'
        for i, (nama, user, peran) in enumerate(PEOPLE, start=1))
    return head + people + f"\n[alur]\nreviu_lkjip = {'true' if reviu_lkjip else 'false'}\n"


@pytest.fixture
def ws(tmp_path, hub) -> Workspace:
    workspace = Workspace(tmp_path / "inspektorat")
    workspace.root.mkdir()
    workspace.config_file.write_text(_config_text(True), encoding="utf-8")
    write_workspace_sample_keys(workspace.root, load_config(workspace.config_file))
    HUB.append(hub)
    return workspace


HUB: list = []


def run(ws: Workspace, *args: str, user: str):
    """The CLI in the user's JupyterHub server (the hub names the user its token belongs to)."""
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args], env=HUB[-1](user))


def step(ws: Workspace, aksi: str, *args: str, user: str, ok: bool = True):
    result = run(ws, "penugasan-reviu", aksi, "--tahun", "2019", "--opd", "dinkes", *args, user=user)
    assert (result.exit_code == 0) == ok, result.output
    assert "Traceback" not in result.output
    return result


def _soffice_text(path: Path, to: str, out: Path) -> str:
    exe = fx.soffice()
    assert exe, "LibreOffice is needed to read the papers back"
    subprocess.run([exe, f"-env:UserInstallation=file://{out / 'lo'}", "--headless", "--convert-to", to,
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300)
    return (out / (path.stem + "." + to.split(":")[0])).read_text(encoding="utf-8", errors="replace")


def test_a_reviu_assignment_from_the_inspektur_to_the_lhr(ws, tmp_path):
    lkjip = fx.write_docx(tmp_path / "lkjip-dinkes-2019.docx")
    folder = ws.reviu_dir(2019, "DINKES")
    unit = sop.kasus_reviu("DINKES")

    # --- assignment: only the Inspektur; the Pengendali Teknis first, then the auditor
    refused = step(ws, "tugaskan_reviu", "--penerima", "hana", user="fajar", ok=False)
    assert "tidak memegang peran Inspektur (APIP)" in refused.output
    step(ws, "tugaskan_reviu", "--penerima", "hana", "--catatan", "ST-700/2020", user="andi")
    wrong_role = step(ws, "tugaskan_auditor", "--penerima", "hana", user="andi", ok=False)
    assert "'hana' bukan Auditor (APIP)" in wrong_role.output
    step(ws, "tugaskan_auditor", "--penerima", "fajar", user="andi")

    # --- performing: only the assigned auditor; nothing is written for anyone else
    other = step(ws, "laksanakan_reviu", str(lkjip), user="gita", ok=False)
    assert "Fajar Nugroho (fajar)" in other.output and not folder.exists()
    done = step(ws, "laksanakan_reviu", str(lkjip), "--nama-opd", "Dinas Kesehatan", user="fajar")
    assert "tidak sesuai" in done.output
    first = current(folder)
    assert first is not None and first.info["status"] == "draf" and first.info["opd"] == "DINKES"
    assert sorted(first.checksums) == sorted(["dokumen/lkjip-dinkes-2019.docx", "hasil.json", "kertas-kerja-reviu.xlsx",
                                              "laporan-hasil-reviu.docx", "pernyataan-telah-direviu.docx"])
    assert first.checksums["dokumen/lkjip-dinkes-2019.docx"] == sha256_file(lkjip)
    rows = [r for r in json.loads(first.path("hasil.json").read_text(encoding="utf-8")) if "capaian_hitung" in r]
    wrong = {r["indikator"] for r in rows if r["status"] == "tidak_sesuai"}
    assert wrong == fx.SALAH
    submitted = history(ws, 2019, None, unit)[-1]
    assert (submitted.aksi, submitted.pengguna, submitted.sha256) == ("laksanakan_reviu", "fajar", first.manifest_sha256)
    assert submitted.berkas == (first.folder / "manifest.json").relative_to(ws.root).as_posix()

    # --- the Pengendali Teknis: not the auditor; a return needs a note and sends it back to the auditor
    assert "tidak memegang peran Pengendali Teknis" in step(ws, "setujui_reviu", user="fajar", ok=False).output
    assert step(ws, "kembalikan_reviu", user="hana", ok=False).exit_code == 2  # --catatan is required
    step(ws, "kembalikan_reviu", "--catatan", "Tabel 3.8: periksa konvensi indikator negatif", user="hana")
    assert "sedang dalam keadaan 'Pelaksanaan reviu oleh auditor'" in step(ws, "setujui_reviu", user="hana", ok=False).output
    step(ws, "laksanakan_reviu", str(lkjip), "--nama-opd", "Dinas Kesehatan", "--catatan", "konvensi diperiksa",
         user="fajar")
    second = current(folder)
    assert second.folder != first.folder

    # a file of the submitted set changed: the approval is refused, naming it; put back, it is approved
    hasil = second.path("hasil.json")
    kept = hasil.read_bytes()
    hasil.chmod(0o644)
    hasil.write_bytes(kept.replace(b"tidak_sesuai", b"sesuai", 1))
    changed = step(ws, "setujui_reviu", user="hana", ok=False)
    assert "hasil.json" in changed.output
    hasil.write_bytes(kept)
    step(ws, "setujui_reviu", user="hana")
    approved = history(ws, 2019, None, unit)[-1]
    assert (approved.pengguna, approved.sha256) == ("hana", second.manifest_sha256)

    # --- the Inspektur issues the final LHR from the approved set
    assert "tidak memegang peran Inspektur" in step(ws, "terbitkan_lhr", user="hana", ok=False).output
    issued = step(ws, "terbitkan_lhr", user="andi")
    assert "nyatakan_direviu" in issued.output
    final = current(folder)
    assert final.info["status"] == "final" and final.info["dasar"] == second.manifest_sha256
    assert final.checksums["hasil.json"] == second.checksums["hasil.json"]
    assert "laporan-hasil-reviu.pdf" in final.checksums and "pernyataan-telah-direviu.pdf" in final.checksums
    # the signed Pernyataan (PDF) is what the reviewed office attaches to its LKjIP: the command names it
    assert f"--berkas {final.path('pernyataan-telah-direviu.pdf')}" in issued.output.replace("\n", "")
    last = history(ws, 2019, None, unit)[-1]
    assert (last.aksi, last.ke, last.sha256) == ("terbitkan_lhr", "reviu_selesai", final.manifest_sha256)

    # the papers read back through LibreOffice: the KKR with the wrong rows, the LHR final and signed
    kkr = _soffice_text(final.path("kertas-kerja-reviu.xlsx"), "csv", tmp_path / "kkr")
    assert "KERTAS KERJA REVIU LAPORAN KINERJA 2019" in kkr and "Dinas Kesehatan (DINKES)" in kkr
    assert all(name in kkr for name in fx.SALAH) and "Tidak sesuai" in kkr
    lhr = _soffice_text(final.path("laporan-hasil-reviu.docx"), "txt:Text", tmp_path / "lhr")
    config = load_config(ws.config_file)
    assert "Catatan Hasil Reviu" in lhr and "Angka Kematian Balita per 1.000 KH" in lhr
    assert "DRAF" not in lhr and config.kepala.nama in lhr
    draft_lhr = _soffice_text(second.path("laporan-hasil-reviu.docx"), "txt:Text", tmp_path / "draf")
    assert "menunggu persetujuan Pengendali Teknis" in draft_lhr and config.kepala.nip not in draft_lhr

    # --- the status board shows the case, finished; the audit finds the history whole (the SOP replayed)
    status = run(ws, "status", "--tahun", "2019", "--format", "json", user="andi")
    assert status.exit_code == 0, status.output
    row = next(r for r in json.loads(status.output) if r["unit"] == unit)
    assert (row["kasus"], row["keadaan"], row["jumlah_pengembalian"], row["terlambat"]) == (
        "Reviu LKjIP 2019 (DINKES)", "reviu_selesai", 1, False)
    audit = run(ws, "audit", "verifikasi", user="andi")
    assert audit.exit_code == 0, audit.output
    assert [e.aksi for e in history(ws, 2019, None, unit)] == [
        "tugaskan_reviu", "tugaskan_auditor", "laksanakan_reviu", "kembalikan_reviu", "laksanakan_reviu",
        "setujui_reviu", "terbitkan_lhr"]


def test_status_shows_who_acts_next_and_an_office_without_the_option_takes_no_reviu_step(ws):
    step(ws, "tugaskan_reviu", "--penerima", "hana", user="andi")
    step(ws, "tugaskan_auditor", "--penerima", "fajar", user="andi")
    status = run(ws, "status", "--tahun", "2019", "--format", "json", user="andi")
    assert status.exit_code == 0, status.output
    row = next(r for r in json.loads(status.output) if r["kasus"] == "Reviu LKjIP 2019 (DINKES)")
    assert "Fajar Nugroho (fajar)" in row["pelaksana_berikut"]
    table = run(ws, "status", "--tahun", "2019", user="andi")  # the table as typed (it wraps at 80 columns)
    assert table.exit_code == 0 and "Reviu LKjIP" in table.output
    assert "'Setujui hasil reviu'" not in table.output  # nothing submitted yet: no step waits on a guard
    ws.config_file.write_text(_config_text(False), encoding="utf-8")
    fresh = run(ws, "penugasan-reviu", "tugaskan_reviu", "--tahun", "2019", "--opd", "BAPPEDA", "--penerima", "hana",
                user="andi")
    assert fresh.exit_code == 1 and "[alur] reviu_lkjip = false" in fresh.output


def test_the_app_form_of_a_reviu_case_offers_the_reviu_steps(ws):
    from kinerja.alur.forms import ActionForm

    step(ws, "tugaskan_reviu", "--penerima", "hana", user="andi")
    form = ActionForm(2019, None, unit=sop.kasus_reviu("DINKES"), workspace=ws, config=load_config(ws.config_file),
                      username="andi")
    assert set(form.buttons) == {s.aksi for s in sop.LANGKAH if s.lingkup == sop.REVIU}
