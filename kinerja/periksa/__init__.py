"""Figures stated in words, checked against the official results (pure logic, no renderer).

The engine kinerja's final reports and ``kinerja reviu`` share:

- :func:`periksa` (text pieces with their place, a :class:`HasilResmi`) → one :class:`TemuanAngka`
  per stated figure: where it stands, what it says, what the tables say (:func:`salah`: those
  that disagree; :func:`pesan_per_kalimat`: one message per sentence);
- :func:`cari_petunjuk`: template guidance text ("[Diisi oleh …]", "(sesuaikan …)", …, the one
  list :data:`PENANDA`) left in a text;
- :func:`nilai_bidang` / :func:`isi_bidang`: ``{{ capaian_rata_rata }}`` fields filled from the
  results, so people write sentences and the numbers stay live.
"""

from kinerja.periksa.bidang import bidang_dalam, isi_bidang, nilai_bidang
from kinerja.periksa.cocok import Jenis, Potongan, Status, TemuanAngka, periksa, pesan_per_kalimat, salah
from kinerja.periksa.petunjuk import PENANDA, Petunjuk, cari_petunjuk
from kinerja.periksa.resmi import HasilResmi

__all__ = ["PENANDA", "HasilResmi", "Jenis", "Petunjuk", "Potongan", "Status", "TemuanAngka", "bidang_dalam", "cari_petunjuk",
           "isi_bidang", "nilai_bidang", "periksa", "pesan_per_kalimat", "salah"]
