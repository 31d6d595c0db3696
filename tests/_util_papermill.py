"""A fake papermill engine: a notebook's code cells run in THIS process by IPython's own shell.

What it replaces is the external part only, the Jupyter kernel: papermill still injects the
parameters and writes the executed notebook, and kinerja's runner still executes, renders and
publishes. Each cell's printed text, ``display()`` outputs and last expression are recorded as a
kernel records them (stream, display_data, execute_result with IPython's own mime bundles), an
exception as an ``error`` output that stops the notebook, as nbclient does. Used by tests of
``laporan/jalan`` in the fast lane; the real kernel runs in the slow lane (test_notebooks.py).
"""

from __future__ import annotations

from nbformat.v4 import new_output
from papermill.engines import Engine, papermill_engines


class MesinDalamProses(Engine):
    """papermill's engine API; ``diberi`` keeps what papermill handed over (kernel name, ``km``)."""

    diberi: list[dict] = []

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        import builtins

        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        cls.diberi.append({"kernel_name": kernel_name, **{k: v for k, v in kwargs.items() if k == "km"}})
        settings = Config()
        settings.HistoryManager.enabled = False  # nothing written to ~/.ipython
        had_display = hasattr(builtins, "display")
        shell = InteractiveShell.instance(config=settings)
        shell.displayhook.write_output_prompt = lambda: None  # the result is recorded, not printed
        shell.displayhook.write_format_data = lambda *args, **kw: None
        try:
            cls._cells(nb_man, shell)
        finally:  # the rest of the test process sees no IPython (get_ipython() None again)
            InteractiveShell.clear_instance()
            if not had_display and hasattr(builtins, "display"):
                del builtins.display

    @staticmethod
    def _cells(nb_man, shell) -> None:
        from IPython.utils.capture import capture_output

        count = 0
        for index, cell in enumerate(nb_man.nb.cells):
            if cell.cell_type != "code":
                continue
            nb_man.cell_start(cell, index)
            count += 1
            cell.execution_count = count
            with capture_output() as captured:
                result = shell.run_cell(cell.source, store_history=False)
            outputs = []
            if captured.stdout:
                outputs.append(new_output("stream", name="stdout", text=captured.stdout))
            outputs += [new_output("display_data", data=o.data, metadata=o.metadata) for o in captured.outputs]
            error = result.error_before_exec or result.error_in_exec
            if error is not None:
                outputs.append(new_output("error", ename=type(error).__name__, evalue=str(error), traceback=[]))
                cell.outputs = outputs
                nb_man.cell_exception(cell, cell_index=index, exception=error)
                nb_man.cell_complete(cell, cell_index=index)
                return
            if result.result is not None:
                data, metadata = shell.display_formatter.format(result.result)
                outputs.append(new_output("execute_result", data=data, metadata=metadata, execution_count=count))
            cell.outputs = outputs
            nb_man.cell_complete(cell, cell_index=index)


def pasang(monkeypatch) -> type[MesinDalamProses]:
    """The fake engine as papermill's default engine (papermill's own registry; monkeypatch restores it)."""
    MesinDalamProses.diberi = []
    monkeypatch.setitem(papermill_engines._engines, None, MesinDalamProses)
    return MesinDalamProses
