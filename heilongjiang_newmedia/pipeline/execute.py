"""Run one chapter notebook with papermill in a fresh kernel, in the chapter's staging build directory."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.paths import BUILD_DIR_ENV, READ_LOG_ENV, REPORTS_DIR_ENV

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class CellFailure(Exception):
    """A cell raised: chapter, 1-based cell number in the source notebook, exception, line within the cell."""

    chapter: str
    cell: int | None
    ename: str
    evalue: str
    line: int | None
    source_line: str = ""

    def __str__(self) -> str:
        where = f"cell {self.cell}" if self.cell else "a cell"
        line = f", line {self.line}" if self.line else ""
        code = f": {self.source_line.strip()}" if self.source_line.strip() else ""
        return f"chapter {self.chapter}: {where}{line}{code}: {self.ename}: {self.evalue}"


def kernel_name_of(nb) -> str:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    name = nb.metadata.get("kernelspec", {}).get("name") or "python3"
    try:
        KernelSpecManager().get_kernel_spec(name)
        return name
    except NoSuchKernel:  # the notebook names a kernel not installed here: run it in this environment's python3
        return "python3"


def kernel_env(staging: Path, read_log: Path, data_dir: str | None, out: Path | None = None) -> dict[str, str]:
    env = {BUILD_DIR_ENV: str(staging), READ_LOG_ENV: str(read_log), "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "SOURCE_DATE_EPOCH": "0"}
    if data_dir:
        env["HLJ_NEWMEDIA_DATA_DIR"] = str(data_dir)
    if out is None:  # staging lives in <out>/.staging/...: the reports dir of this build is its parent
        out = next((p.parent for p in Path(staging).resolve().parents if p.name == ".staging"), None)
    if out is not None:
        env[REPORTS_DIR_ENV] = str(Path(out).resolve())
    return env


def _error_line(traceback: list[str]) -> tuple[int | None, str]:
    """The line number (within the failing cell) and its code from an IPython traceback."""
    text = _ANSI.sub("", "\n".join(traceback))
    # IPython 8: "Cell In[3], line 5" ; the arrow line "----> 5 x = 1/0"
    hits = re.findall(r"Cell In\[\d*\], line (\d+)", text)
    line = int(hits[0]) if hits else None
    arrow = re.search(r"^-+> ?(\d+)\s?(.*)$", text, re.M)
    if line is None and arrow:
        line = int(arrow.group(1))
    return line, (arrow.group(2) if arrow else "")


def _strip_volatile(nb) -> None:
    """Remove timestamps and durations so the executed notebook is stable across builds."""
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "exception", "input_path", "output_path"):
        pm.pop(key, None)
    for cell in nb.cells:
        cpm = cell.metadata.get("papermill")
        if isinstance(cpm, dict):
            for key in ("start_time", "end_time", "duration", "status", "exception"):
                cpm.pop(key, None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = "injected-parameters"  # papermill gives it a random id


def execute(chapter: str, source: Path, target: Path, parameters: dict[str, Any], cwd: Path,
            timeout: int | None = 1800, km=None, timings: dict[str, float] | None = None) -> None:
    """Execute ``source`` with ``parameters`` into ``target``. Environment: set by the caller (worker process), or,
    with ``km`` (a kernel already started by :mod:`.kernels`, with its environment and working directory), by that
    kernel; papermill then neither starts nor stops a kernel and does not change this process's directory.

    Raises :class:`CellFailure` (the failing executed notebook is written to ``target`` first)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)  # parameter-cell notes would interleave with progress
    nb = nbformat.read(str(source), as_version=4)
    kernel = kernel_name_of(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        import time

        extra = {"km": km} if km is not None else {}
        t0 = time.perf_counter()
        if timings is not None:  # when the kernel answered: the rest is the notebook's cells
            extra["on_notebook_start"] = lambda **_: timings.__setitem__("kernel", time.perf_counter() - t0)
        pm.execute_notebook(str(source), str(target), parameters=parameters, kernel_name=kernel,
                            cwd=None if km is not None else str(cwd), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, execution_timeout=timeout, **extra)
    except PapermillExecutionError as exc:
        # papermill inserts an error banner cell; find the failing cell in the source notebook by its code
        cell_no = None
        for i, cell in enumerate(nb.cells, 1):
            if cell.cell_type == "code" and cell.source == exc.source:
                cell_no = i
                break
        line, code = _error_line(exc.traceback)
        raise CellFailure(chapter, cell_no, exc.ename, exc.evalue, line, code) from None
    if timings is not None:
        import time

        timings["cells"] = time.perf_counter() - t0 - timings.get("kernel", 0.0)
    executed = nbformat.read(str(target), as_version=4)
    _strip_volatile(executed)
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(executed, fh)


def set_env(env: dict[str, str]) -> None:
    os.environ.update(env)
