"""kinerja: quarterly SAKIP performance-data collection from Jupyter.

The public API is re-exported here; see docs/arsitektur.md for which module owns what.
"""

from kinerja.config import Config, load_config, load_workspace_config
from kinerja.errors import ConfigError, KinerjaError, ReportError, UsageError, WorkflowError
from kinerja.lembar.findings import Kode, Temuan, Tingkat
from kinerja.paths import Workspace, find_workspace

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "KinerjaError",
    "Kode",
    "ReportError",
    "Temuan",
    "Tingkat",
    "UsageError",
    "WorkflowError",
    "Workspace",
    "__version__",
    "find_workspace",
    "load_config",
    "load_workspace_config",
]
