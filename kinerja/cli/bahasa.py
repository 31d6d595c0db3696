"""click's own messages (usage errors, help headings) in Bahasa Indonesia.

click marks its texts with :func:`gettext.gettext` imported into each of its modules. :func:`install`
points those names at :func:`terjemahkan`, which looks the English text up in :data:`KATALOG`
(texts not listed stay English), so "Error: Missing option '--triwulan'." becomes
"Galat: Opsi wajib belum diisi: '--triwulan'.". Only the ``kinerja`` command calls it.
"""

from __future__ import annotations

import importlib

KATALOG: dict[str, str] = {
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Usage:": "Cara pakai:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Aborted!": "Dibatalkan.",
    "Missing argument": "Argumen wajib belum diisi:",
    "Missing option": "Opsi wajib belum diisi:",
    "Missing parameter": "Parameter wajib belum diisi:",
    "Missing {param_type}": "{param_type} wajib belum diisi:",
    "Missing parameter: {param_name}": "Parameter wajib belum diisi: {param_name}",
    "Missing command.": "Perintah belum disebutkan.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak valid untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak valid: {message}",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "Option {name!r} requires an argument.": "Opsi {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} memerlukan {nargs} nilai.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Got unexpected extra argument ({args})": "Ada argumen tambahan yang tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Ada argumen tambahan yang tidak dikenal ({args})",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang valid.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulis.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "default: {default}": "bawaan: {default}",
    "file": "Berkas",
    "directory": "Folder",
    "path": "Jalur",
}
"""English text of click → Indonesian (same ``{placeholders}``)."""

_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.formatting", "click.decorators",
            "click.termui", "click.utils")


def terjemahkan(message: str) -> str:
    """The Indonesian text of one of click's messages (the English one when not in the catalogue).

    >>> terjemahkan("Missing option"), terjemahkan("something new")
    ('Opsi wajib belum diisi:', 'something new')
    """
    return KATALOG.get(message, message)


def terjemahkan_n(singular: str, plural: str, n: int) -> str:
    """Plural-aware variant for click's ``ngettext`` calls."""
    return terjemahkan(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Indonesian in this process (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = terjemahkan  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = terjemahkan_n  # type: ignore[attr-defined]
