"""The roles of the SOP: identifiers (as written in the config's ``peran`` lists) and labels.

Pure data, imported by the SOP table (:mod:`kinerja.domain.sop`) and by the config that assigns
people to these roles (:mod:`kinerja.config`).
"""

from __future__ import annotations

ROLES = ("sekretaris", "pptk", "analis_data", "kasubag_perencanaan", "inspektur", "auditor", "pengendali_teknis")
"""Role identifiers, as written in the config's ``peran`` lists."""

ROLE_LABELS = {
    "sekretaris": "Sekretaris",
    "pptk": "PPTK",
    "analis_data": "Analis Data",
    "kasubag_perencanaan": "Kasubag Perencanaan",
    "inspektur": "Inspektur (APIP)",
    "auditor": "Auditor (APIP)",
    "pengendali_teknis": "Pengendali Teknis (APIP)",
}

PERAN_OPSIONAL = {"inspektur": ("reviu_apip", "reviu_lkjip"), "auditor": ("reviu_lkjip",),
                  "pengendali_teknis": ("reviu_lkjip",)}
"""Roles needed only when an ``[alur]`` option is on: the Inspektur acts only in the optional APIP
reviu of the annual report (``[alur] reviu_apip``, :data:`kinerja.domain.sop.OPSI`); the auditor and the
Pengendali Teknis only in the Inspektorat's reviu assignments (``[alur] reviu_lkjip``, where the Inspektur
assigns them). A role is needed when any of its options is on."""

PERAN_REVIU = ("inspektur", "auditor", "pengendali_teknis")
"""The APIP's roles: the people who review other documents (the Inspektorat's reviu assignments, the
APIP reviu of the annual report). The web app shows them its *Reviu LKjIP* page, where another
office's LKjIP is uploaded and checked (nothing stored); nobody else needs it."""
