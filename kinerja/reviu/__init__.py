"""Reviu LKjIP: the Inspektorat checks another office's performance report (PermenPAN-RB 53/2014).

:mod:`~kinerja.reviu.baca` reads .docx/.xlsx/.ods/PDF into grids and text,
:mod:`~kinerja.reviu.tabel` finds the capaian, budget, PK and band tables by their header words,
:mod:`~kinerja.reviu.periksa` recomputes every row with :mod:`kinerja.capaian` and classifies it.
"""
