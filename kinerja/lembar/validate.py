"""Validation of Rencana Aksi workbooks: every problem becomes a :class:`~kinerja.lembar.findings.Temuan`.

:func:`validate_workbooks` reads the workbooks (:mod:`kinerja.lembar.reader`) and applies the rules
below to the tidy data, collecting every finding (never stopping at the first). A ``galat``
blocks the capaian computation (the numbers would be wrong); a ``peringatan`` is shown but
does not block.

{ATURAN}

An unchanged template (no rows, only the pre-filled Tahun) gives no finding at all.

The reported triwulan is ``triwulan`` when given, else the ``triwulan-<n>`` folder a workbook
sits in; without either, realisasi completeness and lateness are not checked. The deadline of
triwulan n is :func:`kinerja.domain.sop.start_date` (day ``config.tanggal_mulai`` of the next quarter).
``berkas_belum_masuk`` is checked for every folder named ``triwulan-<n>`` that holds at least
one input workbook: a unit counts as present when a workbook's metadata Unit Kerja, its rows'
Unit Kerja or its file name names it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import compress, repeat
from operator import and_, eq, is_, is_not
from pathlib import Path

import numpy as np

from kinerja.config import Config
from kinerja.domain import sop
from kinerja.lembar import findings as aturan
from kinerja.lembar import nomenklatur, schema
from kinerja.lembar.findings import Kode, rules_table
from kinerja.lembar.reader import PARALLEL_LOADS, Dataset, FileInfo, read_workbooks
from kinerja.numbers import Rentang, format_date, format_number, office_today, triwulan_label, zona_of

PERSEN_MAKSIMUM = 200.0
"""A value above this in a % indicator is taken for an absolute count typed by mistake."""

TOLERANSI_TARGET = 0.005
"""Relative tolerance when quarterly targets must add up to the annual target."""

PERSEN_SATUAN = {"%", "persen", "persentase", "prosentase"}
SATUAN_KUALITATIF = {"predikat", "opini", "level", "kategori", "kualitatif"}
"""Units of qualitative indicators: an unknown text value is an unknown grade, not a non-number."""


def is_percent(satuan: str) -> bool:
    """True for a percentage unit.

    >>> is_percent(" Persen "), is_percent("%"), is_percent("dokumen")
    (True, True, False)
    """
    return satuan.strip().lower() in PERSEN_SATUAN


def _fold(text: str) -> str:
    return " ".join(str(text).lower().split())


def validate_workbooks(
    paths: Sequence[Path],
    config: Config,
    *,
    tahun: int | None = None,
    triwulan: int | None = None,
    today: dt.date | None = None,
    parallel_loads: int = PARALLEL_LOADS,
) -> Dataset:
    """Read and validate workbooks; never raises for a bad workbook.

    Args:
        paths: workbook files or folders (searched recursively for .xlsx/.xlsm/.xls).
        config: the office config (people, units, qualitative scales, tanggal_mulai).
        tahun: expected year; metadata Tahun that differs is a warning.
        triwulan: the reported quarter; realisasi up to it must be filled.
        today: the date used to spot submission dates in the future (default: today).
        parallel_loads: threads parsing workbooks ahead (see :func:`~kinerja.lembar.reader.read_workbooks`).

    Returns:
        The :class:`~kinerja.lembar.reader.Dataset` with every finding in ``.temuan``.
    """
    dataset = read_workbooks(paths, parallel_loads=parallel_loads, batas=config.batas)
    today = today or office_today(zona_of(config))
    checker = _Checker(dataset, config, tahun, triwulan, today)
    checker.run()
    return dataset


def unit_of(config: Config, text: str) -> str | None:
    """The unit code a text names (a unit's code or name, or a file stem ending in one), or None."""
    if not text:
        return None
    unit = config.unit_in_text(text)
    return unit.kode if unit else None


def units_present(dataset: Dataset, config: Config, *, every_folder: bool = False) -> dict[Path, set[str]]:
    """The units each quarter folder holds a workbook of: the one rule for "a unit has reported"
    (``berkas_belum_masuk`` and the workflow's guard on handing the material over).

    A unit counts as present when a workbook's metadata Unit Kerja, its rows' Unit Kerja or its
    file name names it. Only folders named ``triwulan-<n>`` count, unless ``every_folder``.
    """
    folders: dict[Path, set[str]] = defaultdict(set)
    data = dataset.data
    units_in_rows: dict[str, set[str]] = defaultdict(set)
    if not data.empty:
        for berkas, unit in zip(data["berkas"].tolist(), data["unit"].tolist(), strict=True):
            units_in_rows[berkas].add(unit)
    for info in dataset.files:
        if info.triwulan is None and not every_folder:
            continue
        present = folders[info.path.parent]
        candidates = [str(info.metadata.get("unit", "")), info.path.stem, *units_in_rows.get(info.berkas, ())]
        for text in candidates:
            kode = unit_of(config, text)
            if kode:
                present.add(kode)
    return folders


class _Checker:
    """Applies the rules; appends to ``dataset.temuan``."""

    def __init__(self, dataset: Dataset, config: Config, tahun: int | None, triwulan: int | None, today: dt.date) -> None:
        self.dataset = dataset
        self.config = config
        self.tahun = tahun
        self.triwulan = triwulan
        self.today = today
        self.out = dataset.temuan
        self.files = {f.berkas: f for f in dataset.files}
        self.grades = {grade for scale in config.skala.values() for grade in scale}

    def add(self, info: FileInfo, rule: aturan.Aturan, sel: str = "", kolom: str = "", **nilai: object) -> None:
        self.out.append(rule.temuan(info.berkas, info.lembar, sel, kolom, **nilai))

    def run(self) -> None:
        for info in self.dataset.files:
            if info.readable:
                self.check_metadata(info)
        self.check_missing_units()
        if not self.dataset.data.empty:
            self.check_rows()
            self.check_across()

    # -- files -------------------------------------------------------------------------
    def quarter_of(self, info: FileInfo) -> int | None:
        return self.triwulan or info.triwulan

    def check_metadata(self, info: FileInfo) -> None:
        meta = info.metadata
        year = meta.get("tahun")
        if self.tahun is not None and year is not None and year != self.tahun:
            self.add(info, aturan.TAHUN_BERBEDA, info.metadata_cells.get("tahun", ""), "Tahun",
                     tahun_lembar=year, tahun=self.tahun)
        tanggal = meta.get("tanggal_penyampaian")
        if not isinstance(tanggal, dt.date):
            return
        cell = info.metadata_cells.get("tanggal_penyampaian", "")
        if tanggal > self.today:
            self.add(info, aturan.TANGGAL_MASA_DEPAN, cell, "Tanggal Penyampaian", tanggal=format_date(tanggal))
        quarter = self.quarter_of(info)
        year = self.tahun or (year if isinstance(year, int) else None)
        if quarter and year:
            due = sop.start_date(year, quarter, self.config.tanggal_mulai)  # the one deadline rule
            if tanggal > due:
                self.add(info, aturan.BERKAS_TERLAMBAT, cell, "Tanggal Penyampaian", tanggal=format_date(tanggal),
                         triwulan=triwulan_label(quarter), batas=format_date(due), hari=(tanggal - due).days)

    def unit_of(self, text: str) -> str | None:
        unit = self.config.unit_in_text(text)
        return unit.kode if unit else None

    def check_missing_units(self) -> None:
        for folder, present in units_present(self.dataset, self.config).items():
            for unit in self.config.unit:
                if unit.kode not in present:
                    self.out.append(aturan.BERKAS_BELUM_MASUK.temuan(str(folder), unit=unit.nama, kode_unit=unit.kode,
                                                                     folder="/".join(Path(folder).parts[-2:])))

    # -- rows --------------------------------------------------------------------------
    def check_rows(self) -> None:
        """Cell rules, column by column (one pass over each column list: fast)."""
        data = self.dataset.data
        cols = {name: data[name].tolist() for name in (*schema.PROVENANCE_FIELDS, *schema.FIELDS)}
        baris = cols["baris"]
        infos = [self.files[b] for b in cols["berkas"]]
        labels = {name: c.label for name, c in schema.FIELDS.items()}
        out = self.out

        def emit(i: int, name: str, rule: aturan.Aturan, **nilai: object) -> None:
            info = infos[i]
            letter = info.kolom.get(name, "")
            out.append(rule.temuan(info.berkas, info.lembar, f"{letter}{baris[i]}" if letter else "", labels[name], **nilai))

        self.check_required(cols, infos, emit)
        self.check_numbers(cols, emit)
        self.check_quarters(cols, infos, emit)
        self.check_blank_quarter_targets(cols, emit)
        self.check_rupiah(cols, emit)
        self.check_anggaran_kas(cols, emit)
        self.check_people_units_codes(cols, emit)
        self.check_duplicate_indicators(cols, emit)
        self.check_kode_indikator(cols, infos, emit)

    def check_required(self, cols: dict[str, list], infos: list[FileInfo], emit) -> None:
        """Required cells of an indicator row are filled (a missing column or an unknown choice is reported already)."""
        baris, indikator = cols["baris"], cols["indikator"]
        unknown_choice = {(t.berkas, t.sel) for t in self.out if t.kode is Kode.PILIHAN_TIDAK_DIKENAL}
        for column in schema.COLUMNS:
            if not column.required:
                continue
            name = column.field
            values = cols[name]
            if not values.count("") and not values.count(None):
                continue  # nothing empty (the same test as below, done in C)
            for i, value in enumerate(values):
                if value is None or value == "":
                    info = infos[i]
                    if name not in info.kolom or (info.berkas, f"{info.kolom[name]}{baris[i]}") in unknown_choice:
                        continue  # a missing column or an unknown arah/metode: already reported
                    emit(i, name, aturan.NILAI_WAJIB_KOSONG, indikator=indikator[i] or "(tanpa nama)")

    def check_numbers(self, cols: dict[str, list], emit) -> None:
        """Targets and realisasi: not negative, not above the % maximum in a % row, a number or a known
        grade; an annual target of 0 is a warning."""
        satuan = cols["satuan"]
        percent_of = {value: is_percent(value) for value in set(satuan)}
        percent = [percent_of[value] for value in satuan]
        number_fields = ("target_tahunan", *schema.TARGET_FIELDS, *schema.REALISASI_FIELDS)
        percent_mask = np.array(percent, dtype=bool)
        for name in number_fields:
            values = cols[name]
            for i in _suspect_numbers(values, percent_mask):
                value = values[i]
                if value is None:
                    continue
                if value.__class__ is float:
                    if value < 0:
                        emit(i, name, aturan.NILAI_NEGATIF, nilai=_show(value))
                    elif value > PERSEN_MAKSIMUM and percent[i]:
                        emit(i, name, aturan.PERSEN_TIDAK_WAJAR, nilai=_show(value))
                    continue
                self.check_other_value(i, name, value, cols, number_fields, percent[i], emit)
        tahunan = cols["target_tahunan"]
        is_float = list(map(is_, map(type, tahunan), repeat(float)))
        float_at = np.flatnonzero(np.array(is_float, dtype=bool))
        floats = np.fromiter(compress(tahunan, is_float), dtype=float, count=len(float_at))
        for i in float_at[floats == 0.0].tolist():
            value = tahunan[i]
            if value == 0.0 and value.__class__ is float:
                emit(i, "target_tahunan", aturan.TARGET_NOL)

    def check_rupiah(self, cols: dict[str, list], emit) -> None:
        """Rupiah columns are not negative; realisasi anggaran to date does not exceed the pagu."""
        pagu = cols["pagu"]
        for name in ("pagu", *schema.RENCANA_ANGGARAN_FIELDS, *schema.ANGGARAN_FIELDS):
            values = cols[name]
            for i in np.flatnonzero(np.array(values, dtype=float) < 0).tolist():
                value = values[i]
                if value < 0:
                    emit(i, name, aturan.NILAI_NEGATIF_RUPIAH, nilai=format_number(value, 0))
        spent_columns = [cols[name] for name in schema.ANGGARAN_FIELDS]
        for i in _over_pagu_candidates(pagu, spent_columns):
            quarters = tuple(values[i] for values in spent_columns)
            limit = pagu[i]
            if limit != limit:
                continue
            spent = [v for v in quarters if v == v]
            if spent and sum(spent) > limit + 0.5:
                last = max(n for n, v in zip(schema.ANGGARAN_FIELDS, quarters, strict=True) if v == v)
                emit(i, last, aturan.ANGGARAN_MELEBIHI_PAGU, realisasi=format_number(sum(spent), 0),
                     pagu=format_number(limit, 0))

    def check_duplicate_indicators(self, cols: dict[str, list], emit) -> None:
        """One indicator (and sub kegiatan) once per workbook."""
        seen: dict[tuple[str, str, str], int] = {}
        indikator, baris, berkas = cols["indikator"], cols["baris"], cols["berkas"]
        sub_code, sub_name = cols["kode_sub_kegiatan"], cols["sub_kegiatan"]
        folded = {text: _fold(text) for text in {*sub_code, *sub_name}}
        folded_indikator = self._folded_indikator = [_fold(v) for v in indikator]
        for i, name in enumerate(indikator):
            if not name:
                continue
            key = (berkas[i], folded_indikator[i], folded[sub_code[i] or sub_name[i]])
            if key in seen:
                emit(i, "indikator", aturan.INDIKATOR_GANDA, indikator=name, baris_lain=seen[key])
            else:
                seen[key] = baris[i]

    def check_anggaran_kas(self, cols: dict[str, list], emit) -> None:
        """Anggaran kas (rencana penarikan) of all four quarters adds up to the pagu."""
        plans = [cols[name] for name in schema.RENCANA_ANGGARAN_FIELDS]
        pagu = cols["pagu"]
        for i in _kas_candidates(pagu, plans):
            limit = pagu[i]
            quarters = [values[i] for values in plans]
            if limit != limit or any(v != v for v in quarters):
                continue
            total = sum(quarters)
            if abs(total - limit) > 0.5:
                emit(i, schema.RENCANA_ANGGARAN_FIELDS[-1], aturan.RENCANA_ANGGARAN_TIDAK_SESUAI,
                     jumlah=format_number(total, 0), pagu=format_number(limit, 0))

    def check_kode_indikator(self, cols: dict[str, list], infos: list[FileInfo], emit) -> None:
        """A Kode Indikator names one indicator within a unit (per folder: one quarter's set).

        Flagged: the same (unit, code) twice in one workbook, or on two indicators with
        different names in two workbooks (``kode_indikator_ganda``); the same indicator of a unit
        in two workbooks, a copy stored under another name (``indikator_dua_berkas``: it would be
        counted twice). A row already flagged ``indikator_ganda`` is not flagged again.
        """
        already = {(t.berkas, t.sel) for t in self.out if t.kode is Kode.INDIKATOR_GANDA}
        names = self._folded_indikator if len(getattr(self, "_folded_indikator", ())) == len(cols["indikator"]) \
            else [_fold(v) for v in cols["indikator"]]
        seen: dict[tuple[str, str, str], list[int]] = {}
        units = {text: (self.unit_of(text) or _fold(text)) for text in set(cols["unit"])}
        folders = {id(info): str(info.path.parent) for info in self.dataset.files}  # one str(Path) per file
        for i, kode in enumerate(cols["kode_indikator"]):
            if not kode:
                continue
            info = infos[i]
            unit = units[cols["unit"][i]] or _fold(str(info.metadata.get("unit", "")))
            key = (folders[id(info)], unit, kode)
            earlier = seen.get(key)
            if earlier is None:  # the usual case: a code met for the first time, nothing to compare
                seen[key] = [i]
                continue
            clash = next((j for j in earlier if infos[j].berkas == info.berkas or names[j] != names[i]), None)
            twice = next((j for j in earlier if infos[j].berkas != info.berkas and names[j] == names[i]), None)
            earlier.append(i)
            if (info.berkas, f"{info.kolom.get('indikator', '')}{cols['baris'][i]}") in already:
                continue
            if clash is not None:
                emit(i, "kode_indikator", aturan.KODE_INDIKATOR_GANDA, kode=kode, indikator_lain=cols["indikator"][clash],
                     berkas_lain=infos[clash].path.name, baris_lain=cols["baris"][clash])
            elif twice is not None:  # the same indicator of the same unit in two files: counted twice
                emit(i, "kode_indikator", aturan.INDIKATOR_DUA_BERKAS, kode=kode, indikator=cols["indikator"][i],
                     unit=unit,
                     berkas_nama=info.path.name, berkas_lain=infos[twice].path.name, baris_lain=cols["baris"][twice])

    def check_other_value(self, i: int, name: str, value: object, cols: dict[str, list], number_fields: tuple[str, ...],
                          percent: bool, emit) -> None:
        """A target/realisasi that is not a plain float: a grade, a range or text."""
        if isinstance(value, str):
            if value in self.grades:
                return
            qualitative = cols["satuan"][i].strip().lower() in SATUAN_KUALITATIF or any(
                isinstance(cols[other][i], str) and cols[other][i] in self.grades for other in number_fields
            )
            if qualitative:
                emit(i, name, aturan.PREDIKAT_TIDAK_DIKENAL, nilai=value, pilihan=", ".join(sorted(self.grades)))
            else:
                emit(i, name, aturan.BUKAN_ANGKA, nilai=value)
            return
        if isinstance(value, Rentang):
            if value.bawah < 0 or value.atas < 0:
                emit(i, name, aturan.NILAI_NEGATIF, nilai=_show(value))
                return
            if value.bawah > value.atas:
                emit(i, name, aturan.TARGET_TIDAK_VALID, nilai=_show(value))
            if percent and value.atas > PERSEN_MAKSIMUM:
                emit(i, name, aturan.PERSEN_TIDAK_WAJAR, nilai=_show(value))

    def check_quarters(self, cols: dict[str, list], infos: list[FileInfo], emit) -> None:
        """Kumulatif targets add up; realisasi filled up to the reported triwulan."""
        targets = list(zip(*(cols[name] for name in schema.TARGET_FIELDS), strict=True))
        metode = cols["metode"]
        tahunan = cols["target_tahunan"]
        empty = (None, None, None, None)
        for i in compress(range(len(targets)), map(eq, metode, repeat("kumulatif"))):
            quarter_targets = targets[i]
            total_target = tahunan[i]
            if metode[i] != "kumulatif" or total_target.__class__ is not float or quarter_targets == empty:
                continue
            if all(t is None or t.__class__ is float for t in quarter_targets):
                total = sum(t for t in quarter_targets if t is not None)
                if abs(total - total_target) > max(1e-9, TOLERANSI_TARGET * abs(total_target)):
                    emit(i, "target_tahunan", aturan.TARGET_TIDAK_SESUAI, jumlah=_show(total), target=_show(total_target))
        for n in schema.TRIWULAN:
            name = f"realisasi_triwulan_{n}"
            values = cols[name]
            for i in compress(range(len(values)), map(is_, values, repeat(None))):
                value = values[i]
                if value is not None:
                    continue
                info = infos[i]
                quarter = self.triwulan or info.triwulan
                if not quarter or n > quarter or name not in info.kolom:
                    continue
                target = targets[i][n - 1]
                expected = (target is not None and target != 0.0) or (
                    targets[i] == empty and metode[i] != schema.Metode.AKHIR_PERIODE.value
                )
                if expected:
                    emit(i, name, aturan.REALISASI_BELUM_DIISI, triwulan=triwulan_label(n), indikator=cols["indikator"][i],
                         triwulan_lapor=triwulan_label(quarter))

    def check_blank_quarter_targets(self, cols: dict[str, list], emit) -> None:
        """Kumulatif: a blank quarterly target beside filled ones (typed blank, or cells merged across
        TW I–IV) would silently shrink the target to date and change capaian; it is a galat."""
        targets = list(zip(*(cols[name] for name in schema.TARGET_FIELDS), strict=True))
        for i in compress(range(len(targets)), map(eq, cols["metode"], repeat("kumulatif"))):
            quarters = targets[i]
            if quarters.count(None) % 4:  # some filled, some blank (None counted by identity first: C-level)
                for n, name in zip(schema.TRIWULAN, schema.TARGET_FIELDS, strict=True):
                    if quarters[n - 1] is None:
                        emit(i, name, aturan.TARGET_TRIWULAN_KOSONG, triwulan=triwulan_label(n))

    def check_people_units_codes(self, cols: dict[str, list], emit) -> None:
        """PPTK and unit against the config; nomenclature codes against the reference lists."""
        pptk_names = ", ".join(p.nama for p in self.config.people_with_role("pptk"))
        status = {value: self.pptk_status(value) for value in set(cols["pptk"]) if value}
        for i, value in enumerate(cols["pptk"] if any(s is not True for s in status.values()) else ()):
            if value and status[value] is not True:
                if status[value] is None:
                    emit(i, "pptk", aturan.PPTK_TIDAK_DIKENAL, nama=value, pilihan=pptk_names)
                else:
                    emit(i, "pptk", aturan.PPTK_BUKAN_PPTK, nama=value)
        unit_names = ", ".join(u.nama for u in self.config.unit)
        unknown_units = {value for value in set(cols["unit"]) if value and self.config.unit_by_name(value) is None}
        for i, value in enumerate(cols["unit"] if unknown_units else ()):
            if value in unknown_units:
                emit(i, "unit", aturan.UNIT_TIDAK_DIKENAL, nama=value, pilihan=unit_names)
        for name, level in nomenklatur.LEVELS.items():
            unknown = {code for code in set(cols[name]) if code and not nomenklatur.known(level, code)}
            if not unknown:
                continue
            for i, code in enumerate(cols[name]):
                if code in unknown:
                    emit(i, name, aturan.KODE_TIDAK_DIKENAL, jenjang=nomenklatur.LEVEL_LABELS[level], kode=code)
        self.check_code_hierarchy(cols, emit)

    def check_code_hierarchy(self, cols: dict[str, list], emit) -> None:
        """A row's sub kegiatan under its kegiatan, its kegiatan under its program, its program of the office's urusan."""
        for name, parent in nomenklatur.PARENTS:
            pairs = list(zip(cols[name], cols[parent], strict=True))
            outside = {(code, induk) for code, induk in set(pairs)  # each distinct pair decided once
                       if code and induk and not nomenklatur.under(code, induk)}
            for i, (code, induk) in enumerate(pairs if outside else ()):
                if (code, induk) in outside:
                    emit(i, name, aturan.KODE_TIDAK_SEJALAN, jenjang=nomenklatur.LEVEL_LABELS[nomenklatur.LEVELS[name]],
                         kode=code, jenjang_induk=nomenklatur.LEVEL_LABELS[nomenklatur.LEVELS[parent]], induk=induk)
        urusan = nomenklatur.normalize_code(self.config.instansi.urusan or "")
        urusan_of = {code: nomenklatur.urusan_of(code) for code in set(cols["kode_program"]) if code} if urusan else {}
        for i, code in enumerate(cols["kode_program"] if any(u != urusan for u in urusan_of.values()) else ()):
            if code and urusan_of[code] != urusan:
                emit(i, "kode_program", aturan.KODE_URUSAN_LAIN, kode=code, urusan=nomenklatur.urusan_of(code),
                     urusan_kantor=urusan)

    def pptk_status(self, text: str) -> bool | None:
        """True: a known PPTK; False: a known person without the role; None: unknown."""
        person = self.config.person_by_name(text)
        if person is None:
            wanted = _fold(text.split(",")[0])
            person = next((p for p in self.config.pegawai if _fold(p.nama.split(",")[0]) == wanted), None)
        if person is None:
            return None
        return person.has_role("pptk")

    # -- across rows and workbooks -----------------------------------------------------
    def check_across(self) -> None:
        data = self.dataset.data
        berkas = data["berkas"].tolist()
        baris = data["baris"].tolist()
        indikator = getattr(self, "_folded_indikator", None)
        if indikator is None or len(indikator) != len(data):
            indikator = [_fold(v) for v in data["indikator"].tolist()]
        raw_satuan = data["satuan"].tolist()
        satuan_keys = {text: _satuan_key(text) for text in set(raw_satuan)}
        checks = (
            ("arah", aturan.ARAH_TIDAK_KONSISTEN, data["arah"].tolist()),
            ("metode", aturan.METODE_TIDAK_KONSISTEN, data["metode"].tolist()),
            ("satuan", aturan.SATUAN_TIDAK_KONSISTEN, [satuan_keys[v] for v in raw_satuan]),
        )
        groups: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(indikator):
            if name:
                groups[name].append(i)
        label_of = {name: schema.FIELDS[name].label for name, *_ in checks}
        shared = [rows for rows in groups.values() if len(rows) > 1]
        for name, rule, values in checks:
            for rows in shared:
                if len(rows) < 2 or len(set(map(values.__getitem__, rows))) < 2:
                    continue
                present = [i for i in rows if values[i]]
                counts = Counter(values[i] for i in present)
                if len(counts) < 2:
                    continue
                usual, _ = counts.most_common(1)[0]
                first = next(i for i in present if values[i] == usual)
                for i in present:
                    if values[i] == usual:
                        continue
                    info = self.files[berkas[i]]
                    letter = info.kolom.get(name, "")
                    shown = data.at[data.index[i], name]
                    self.out.append(rule.temuan(
                        info.berkas, info.lembar, f"{letter}{baris[i]}" if letter else "", label_of[name],
                        indikator=data.at[data.index[i], "indikator"], nilai=shown, berkas_lain=Path(berkas[first]).name,
                        baris_lain=baris[first], nilai_lain=data.at[data.index[first], name],
                    ))


def _suspect_numbers(values: list, percent_mask: np.ndarray) -> list[int]:
    """Rows of a target/realisasi column that can give a finding, in row order: the non-floats
    (not None) and the floats that are negative or above the % maximum in a % row."""
    is_float = list(map(is_, map(type, values), repeat(float)))
    float_at = np.flatnonzero(np.array(is_float, dtype=bool))
    floats = np.fromiter(compress(values, is_float), dtype=float, count=len(float_at))
    suspect = float_at[(floats < 0) | ((floats > PERSEN_MAKSIMUM) & percent_mask[float_at])]
    other = compress(range(len(values)), map(and_, map(is_not, map(type, values), repeat(float)),
                                             map(is_not, values, repeat(None))))
    return sorted({*suspect.tolist(), *other})


def _kas_candidates(pagu: list, plans: list[list]) -> list[int]:
    """Rows whose anggaran kas may not add up to the pagu: a vectorised pre-selection (with a margin,
    NaN and infinities kept); the exact test is done on these rows only."""
    limits = np.array(pagu, dtype=float)
    total = np.zeros(len(pagu))
    with np.errstate(invalid="ignore", over="ignore"):
        for values in plans:
            total = total + np.array(values, dtype=float)
        near = np.abs(total - limits) <= 0.5 - 1e-6 * (np.abs(limits) + np.abs(total)) - 1e-6
    return np.flatnonzero(~near).tolist()


def _over_pagu_candidates(pagu: list, spent_columns: list[list]) -> list[int]:
    """Rows whose realisasi anggaran may exceed the pagu: a vectorised pre-selection (with a margin);
    the exact test is done on these rows only."""
    limits = np.array(pagu, dtype=float)
    total = np.zeros(len(pagu))
    for values in spent_columns:
        array = np.array(values, dtype=float)
        total = total + np.where(np.isnan(array), 0.0, array)
    with np.errstate(invalid="ignore", over="ignore"):
        near = total >= limits + 0.5 - 1e-6 * (np.abs(limits) + np.abs(total)) - 1e-6
    return np.flatnonzero(~np.isnan(limits) & (near | ~np.isfinite(total) | np.isinf(limits))).tolist()


def _satuan_key(satuan: str) -> str:
    folded = _fold(satuan)
    return "%" if folded in PERSEN_SATUAN else folded


def _show(value: object) -> str:
    if isinstance(value, Rentang):
        return f"{format_number(value.bawah)} – {format_number(value.atas)}"
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 2)
    return str(value)




__doc__ = (__doc__ or "").replace("{ATURAN}", rules_table())  # the table lives in findings.ATURAN
