"""Pre-started kernels: one fresh kernel per chapter, started (and warmed) while other chapters run.

Each kernel gets its own staging directory as ``HLJ_NEWMEDIA_BUILD_DIR`` at start-up, so it can be started before
we know which chapter it will run; the chapter that takes it is staged in that directory. Kernels talk over IPC
sockets (files in the staging directory), not TCP ports, so kernels started by concurrent threads or builds can
never clash on a port; a kernel that fails to start is retried.

A kernel manager is used only from the thread that started it (its event loop), see :class:`Slot` in ``runner``.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from .execute import kernel_env

PRELOAD = ("import importlib as _hlj_il; _hlj_il.import_module('heilongjiang_newmedia.build.preload'); "
           "del _hlj_il")


@dataclass
class Kernel:
    km: object
    staging: Path
    log: object
    ipc_dir: Path | None = None

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass
        try:
            self.km.cleanup_resources()
        except Exception:
            pass
        try:
            self.log.close()
        except Exception:
            pass
        if self.ipc_dir is not None:
            shutil.rmtree(self.ipc_dir, ignore_errors=True)


def start(staging_root: Path, cwd: Path, data_dir: str | None, kernel_name: str = "python3",
          attempts: int = 3) -> Kernel:
    """Start a kernel process (returns at once; it boots and preloads in the background)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    last: Exception | None = None
    for _ in range(attempts):
        staging = Path(staging_root) / f"k-{uuid.uuid4().hex[:10]}"
        staging.mkdir(parents=True, exist_ok=True)
        log = open(staging / "kernel.log", "ab")
        # IPC socket paths must stay short (108 bytes): keep them in a private temp dir
        ipc_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"hlj-{uuid.uuid4().hex[:10]}"
        ipc_dir.mkdir(mode=0o700)
        km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=str(ipc_dir / "k"),
                                connection_file=str(ipc_dir / "kernel.json"))
        env = {**os.environ, **kernel_env(staging, staging / "reads.log", data_dir)}
        try:
            run_sync(km.start_kernel)(env=env, cwd=str(cwd), stdout=log, stderr=log,
                                      extra_arguments=[f"--IPKernelApp.exec_lines={PRELOAD}"])
            return Kernel(km, staging, log, ipc_dir)
        except Exception as exc:  # e.g. a socket clash or a slow machine: try again with fresh names
            last = exc
            log.close()
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(ipc_dir, ignore_errors=True)
    raise RuntimeError(f"could not start a {kernel_name} kernel after {attempts} attempts: {last}")


def discard(kernel: Kernel) -> None:
    """Stop a pre-started kernel that no chapter needed, and remove its staging directory."""
    kernel.shutdown()
    shutil.rmtree(kernel.staging, ignore_errors=True)
