"""A hostile corpus of input workbooks, built from a real sample workbook.

``python tests/_util_hostile.py FOLDER`` writes it to FOLDER, to run ``kinerja validasi`` on by hand.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path

DATA_SHEET = "xl/worksheets/sheet2.xml"  # "Rencana Aksi" in the sample workbooks
ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
                b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def _rebuild(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in zin.namelist():
            out.writestr(name, replace.get(name, zin.read(name)))
        for name, data in replace.items():
            if name not in zin.namelist():
                out.writestr(name, data)
    return target


def _ods(target: Path, table_xml: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet>{table_xml}</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(target, "w") as out:
        out.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        out.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return target


def build(source: Path, folder: Path) -> dict[str, Path]:
    """Write the corpus; returns name -> path. ``source`` is a sample workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin:
        sheet = zin.read(DATA_SHEET).decode("utf-8")
    far = sheet.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    far = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>', far)
    wide = sheet.replace("</sheetData>", '<row r="9"><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    rows = "".join(f'<row r="{i}"><c r="B{i}"><v>{i}</v></c></row>' for i in range(200, 20200))
    # no r= attributes at all: the rows and cells are where they stand (the limits were read from r= only)
    numbers = [str(n * 7919 % 1_000_003) for n in range(650_000)]  # varied: it compresses like real data
    stealth_rows = "".join(f"<row><c><v>{v}</v></c></row>" for v in numbers)
    stealth_cols = "<row>" + "".join(f"<c><v>{v}</v></c>" for v in numbers[:300_000]) + "</row>"
    corpus = {
        # a cell a million rows and 16,384 columns away: the parser once allocated until it died
        "dimensi-raksasa": _rebuild(source, folder / "dimensi-raksasa.xlsx", {DATA_SHEET: far.encode()}),
        "kolom-raksasa": _rebuild(source, folder / "kolom-raksasa.xlsx", {DATA_SHEET: wide.encode()}),
        # 300 MB of blanks inside the sheet, a few hundred kB on disk
        "bom-zip": _rebuild(source, folder / "bom-zip.xlsx",
                            {DATA_SHEET: sheet.replace("</sheetData>", "</sheetData>" + " " * (300 << 20)).encode()}),
        # 9 MB that do not compress
        "sembilan-mb": _rebuild(source, folder / "sembilan-mb.xlsx", {"xl/media/image1.png": os.urandom(9 << 20)}),
        "banyak-baris": _rebuild(source, folder / "banyak-baris.xlsx", {DATA_SHEET: sheet.replace("</sheetData>", rows + "</sheetData>").encode()}),
        "baris-siluman": _rebuild(source, folder / "baris-siluman.xlsx",
                                  {DATA_SHEET: sheet.replace("</sheetData>", stealth_rows + "</sheetData>").encode()}),
        "kolom-siluman": _rebuild(source, folder / "kolom-siluman.xlsx",
                                  {DATA_SHEET: sheet.replace("</sheetData>", stealth_cols + "</sheetData>").encode()}),
        # an OpenDocument sheet with one value repeated over every cell of the sheet
        "ods-berulang": _ods(folder / "ods-berulang.ods",
                             '<table:table table:name="Rencana Aksi"><table:table-row table:number-rows-repeated="1048576">'
                             '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
                             'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>'),
    }
    return corpus


if __name__ == "__main__":  # pragma: no cover - a tool for people
    from kinerja.lembar.sample import write_sample_year

    out = Path(sys.argv[1])
    written = write_sample_year(out / "sampel", 2025)
    for name, path in build(written[0], out).items():
        print(f"{name}: {path} ({path.stat().st_size:,} B)")
