"""The root exception of kinerja and its few subclasses.

Every error a user can cause (a wrong config, an unreadable workbook, a refused workflow
action) is a :class:`KinerjaError` whose message is already in Bahasa Indonesia and says
where the problem is and what is expected. The CLI prints that message without a traceback
and exits with :attr:`KinerjaError.exit_code`.
"""

from __future__ import annotations


class KinerjaError(Exception):
    """Root of every user-facing error. ``str(error)`` is the Indonesian message."""

    exit_code = 1


class ConfigError(KinerjaError):
    """The office config (``kinerja.toml``) is missing a key or has a wrong value."""


class UsageError(KinerjaError):
    """The command line was used wrongly (exit code 2, like click's usage errors)."""

    exit_code = 2


class WorkflowError(KinerjaError):
    """A workflow action was refused (wrong role, wrong state, lost a race)."""


class ReportError(KinerjaError):
    """Running or exporting a report failed (failing cell, missing browser, ...)."""
