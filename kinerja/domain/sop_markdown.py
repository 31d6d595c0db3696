"""``docs/alur.md`` and its state diagram, generated from the SOP table (:mod:`kinerja.domain.sop`).

Pure text: no I/O, no third-party imports (a test keeps ``docs/alur.md`` equal to :func:`render_markdown`).
"""

from __future__ import annotations

from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.sop import (
    KEADAAN,
    LANGKAH,
    OPSI,
    PEMULIHAN,
    REVIU,
    SYARAT,
    TAHUNAN,
    TRIWULAN,
    Langkah,
    awal,
    berlaku,
    keadaan,
    label_mutu,
)


def _optional_note(step: Langkah) -> str:
    """``, bila [alur] x = true`` for a step into or out of an optional state ('' otherwise)."""
    bila = keadaan(step.ke).bila or keadaan(step.dari).bila
    return f", bila [alur] {bila} = true" if bila else ""


def _skip_edges() -> list[Langkah]:
    """The steps as they run when every optional state is left out, where they differ from the table."""
    return [step for step in berlaku() if step not in LANGKAH]


def mermaid() -> str:
    """The state diagram of :data:`LANGKAH` as a Mermaid ``stateDiagram-v2`` block body.

    An optional state's edges say which ``[alur]`` option turns it on; the edge that skips it
    (the option off) is drawn too.
    """
    lines = ["stateDiagram-v2"]
    for k in KEADAAN:
        lines.append(f"    {k.kode}: {k.label}")
    for lingkup in (TRIWULAN, TAHUNAN, REVIU):
        lines.append(f"    [*] --> {awal(lingkup)}")
    for step in LANGKAH:
        extra = ", catatan wajib" if step.catatan_wajib else ""
        lines.append(
            f"    {step.dari} --> {step.ke}: {step.langkah}. {step.aksi} ({ROLE_LABELS[step.peran]}, "
            f"{label_mutu(step.mutu_baku)}{extra}{_optional_note(step)})"
        )
    for step in _skip_edges():
        lines.append(f"    {step.dari} --> {step.ke}: {step.langkah}. {step.aksi} (tanpa langkah tambahan)")
    for k in KEADAAN:
        if k.akhir:
            lines.append(f"    {k.kode} --> [*]")
    return "\n".join(lines)


def render_markdown() -> str:
    """The whole of ``docs/alur.md``, generated from the table (a test keeps the file current)."""
    rows = [
        "| langkah | aksi (`kinerja alur …`) | dari | ke | peran | mutu baku | keluaran | syarat |",
        "|---|---|---|---|---|---|---|---|",
    ]
    skipping = {step.aksi: step.ke for step in _skip_edges()}
    for step in LANGKAH:
        bila = keadaan(step.dari).bila or keadaan(step.ke).bila
        ke = step.ke if step.aksi not in skipping else f"{step.ke} (bila `[alur] {bila} = true`), selain itu {skipping[step.aksi]}"
        number = f"{step.langkah} (tambahan, bila `[alur] {bila} = true`)" if keadaan(step.dari).bila else str(step.langkah)
        syarat = "; ".join(SYARAT[key] for key in step.syarat) or "-"
        rows.append(
            f"| {number} | `{step.aksi}` | {step.dari} | {ke} | {ROLE_LABELS[step.peran]} | "
            f"{label_mutu(step.mutu_baku)} | {step.keluaran} | {syarat} |"
        )
    options = [f"- `[alur] {name} = true`: {meaning}." for name, meaning in OPSI.items()]
    return "\n".join(
        [
            "# Alur SOP Pengumpulan Data Kinerja",
            "",
            "<!-- Dibuat otomatis oleh kinerja.domain.sop_markdown.render_markdown(); jangan disunting tangan.",
            "     Perbarui dengan: python -m kinerja.domain.sop_markdown > docs/alur.md -->",
            "",
            "Setiap laporan triwulan adalah satu *kasus* (tahun, triwulan, dan unit bila kantor",
            "membaginya per unit) yang melewati enam langkah SOP. Laporan kinerja tahunan (LKjIP)",
            "adalah kasus tersendiri yang melewati jalan yang sama: disusun dan diajukan Kasubag",
            "Perencanaan, diperiksa Sekretaris (disetujui, atau dikembalikan dengan catatan), lalu",
            "dokumen finalnya didokumentasikan. Tabel langkah di `kinerja/domain/sop.py` adalah",
            "satu-satunya sumber: perintah CLI, tombol formulir, aturan alur, dan diagram ini",
            "diturunkan darinya.",
            "",
            "```mermaid",
            mermaid(),
            "```",
            "",
            *rows,
            "",
            "## Cara membaca tenggat",
            "",
            "- Langkah 1 SOP terjadi \"setiap tanggal 10 awal triwulan\" untuk triwulan yang baru",
            "  berakhir. Karena itu kasus triwulan *n* mulai pada tanggal 10 (`[alur] tanggal_mulai`)",
            "  bulan pertama **sesudah** triwulan *n* berakhir: TW I → 10 April, TW II → 10 Juli,",
            "  TW III → 10 Oktober, TW IV → 10 Januari tahun berikutnya. Bila tanggal itu bukan hari",
            "  kerja, jam mulai bergeser ke awal hari kerja berikutnya.",
            "- Mutu baku setiap langkah dihitung sejak kasus memasuki keadaan asal langkah itu",
            "  (langkah 1: sejak tanggal mulai). Menit dan jam dihitung dalam jam kerja",
            "  (`[jam_kerja]`, bawaan Senin–Jumat 07.30–16.00, istirahat 12.00–13.00); hari dihitung",
            "  dalam hari kerja. Sabtu, Minggu, hari libur nasional, dan cuti bersama (pustaka",
            "  `holidays`, kategori *public* dan *government*) tidak dihitung.",
            "- Tenggat kasus = tanggal mulai ditambah semua mutu baku pada jalur utama secara",
            "  berurutan (15 menit + 30 menit + 1 hari + 4 jam + 1 jam + 1 hari). Setiap",
            "  pengembalian untuk perbaikan memulai lagi langkah 4, jadi dapat membuat kasus terlambat.",
            "- Kasus tahunan mulai saat keempat laporan triwulan didokumentasikan. Penyusunan",
            "  laporan tahunan sampai diajukan: 15 hari kerja (SOP langkah 6); pemeriksaan Sekretaris",
            "  1 jam dan pendokumentasian 1 hari kerja, seperti laporan triwulan. Pengembalian",
            "  memulai lagi penyusunan.",
            "- Keterlambatan setiap langkah disimpan pada peristiwanya di riwayat (`tenggat`,",
            "  `terlambat`).",
            "",
            "## Aturan",
            "",
            "- Hanya pemegang peran langkah yang boleh mengambil aksinya; penolakan menyebut siapa",
            "  yang boleh.",
            "- Hanya PPTK yang ditugaskan pada langkah 1 yang boleh mengajukan laporan triwulan;",
            "  laporan tahunan diajukan oleh Kasubag Perencanaan.",
            "- Tidak seorang pun menyetujui laporan yang ia ajukan sendiri; PPTK kasus itu tidak",
            "  boleh menyetujuinya.",
            "- Mengembalikan laporan wajib disertai catatan; pengembalian boleh berulang.",
            "- Setiap langkah hanya dapat diambil bila yang diserahkannya ada (kolom *syarat*): bahan diserahkan",
            "  bila lembar kerja setiap unit tersimpan tanpa galat atau unit yang tidak mengirim dicatat",
            "  (`unit_tidak_melapor`, dengan alasan); laporan diajukan bila sudah disusun dari bahan yang",
            "  tersimpan sekarang; laporan disetujui bila laporan itu yang diajukan dan tanpa galat. Aplikasi",
            "  web dan CLI menyebut alasan yang sama sebelum tombol ditekan.",
            "- Kasus yang macet di penyusunan dikembalikan PPTK ke pengumpulan bahan (`kembalikan_bahan`,",
            "  wajib dengan catatan); catatan itu tampil pada tugas Analis Data.",
            "- Dua orang bertindak bersamaan pada kasus yang sama: tepat satu yang berhasil.",
            "- Dokumen final (siap ditandatangani) dibuat sesudah persetujuan Sekretaris dan semua",
            "  langkah tambahan; dokumen itu menyebut siapa yang menyetujui (nama, peran) dan kapan.",
            "",
            "## Langkah tambahan (diatur kantor)",
            "",
            *options,
            "  Tanpa pengaturan itu, persetujuan Sekretaris langsung diteruskan ke pendokumentasian.",
            "",
            *_restore_section(),
        ]
    )


def _restore_section() -> list[str]:
    """The part of ``docs/alur.md`` about the recorded recovery (:data:`PEMULIHAN`, ``kinerja arsip pulihkan``)."""
    rows = [
        "| aksi (`kinerja arsip pulihkan`) | dalam keadaan | peran | dicatat sebagai |",
        "|---|---|---|---|",
    ]
    for step in PEMULIHAN:
        option = "" if step.lingkup == TAHUNAN else " --triwulan N"
        rows.append(f"| `{step.aksi}` (`--tahun T{option}`) | {step.dari} (keadaan tetap) | "
                    f"{ROLE_LABELS[step.peran]} | {step.keluaran} |")
    return [
        "## Memulihkan arsip (di luar jalur)",
        "",
        "Arsip laporan yang didokumentasikan (`data/archive/<tahun>/<triwulan-n | tahunan>/versi-N`) dikunci",
        "hanya-baca, dan salinannya disimpan di sampingnya (`.cadangan/versi-N`). `kinerja audit verifikasi`",
        "memeriksa setiap arsip dan setiap set laporan terbitan dengan checksum yang dicatat riwayat, serta",
        "lembar kerja yang tersimpan (`data/raw/<tahun>/triwulan-N/`) dengan checksum yang dicatat saat",
        "disimpan, diganti atau ditarik (`simpan_bahan`, `tarik_bahan`); berkas yang berubah, hilang atau",
        "tidak tercatat disebut namanya, dan bahan seperti itu tidak dapat diserahkan atau diajukan. Narasi",
        "LKjIP (`narasi/narasi-<tahun>.docx`) diperiksa dengan checksum yang dicatat saat diunggah",
        "(`simpan_narasi`); narasi yang berubah atau hilang di luar aplikasi disebut namanya.",
        "",
        "Arsip yang rusak dipulihkan dengan `kinerja arsip pulihkan --tahun T [--triwulan N] [--catatan …]`:",
        "versi yang rusak diganti dari salinannya (bila salinan itu masih cocok dengan checksum yang",
        "dicatat), lalu set laporan terbitan yang diarsipkannya dikembalikan dari arsip. Salinan yang rusak",
        "dipindahkan ke `.cadangan/rusak-versi-N-<waktu>` (laporan terbitan: `.rusak/`), tidak pernah",
        "dihapus. Bila salinan juga rusak, tidak ada yang diubah dan pesan meminta pemulihan dari cadangan",
        "kantor. Pemulihan adalah peristiwa bertanda tangan dalam riwayat, seperti aksi lain, tetapi bukan",
        "langkah SOP: hanya pada kasus yang sudah didokumentasikan, keadaan kasus, formulir dan tenggat",
        "tidak berubah.",
        "",
        *rows,
        "",
    ]


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown(), end="")
