"""Pre-started kernels: one fresh kernel per chapter, started (and warmed) while other chapters run.

Each kernel gets its own staging directory as ``HLJ_NEWMEDIA_BUILD_DIR`` at start-up, so it can be started before
we know which chapter it will run; the chapter that takes it is staged in that directory. Kernels talk over IPC
sockets (files in the staging directory), not TCP ports, so kernels started by concurrent threads or builds can
never clash on a port; a kernel that fails to start is retried.

A kernel manager is used only from the thread that started it (its event loop), see :class:`Slot` in ``runner``.
"""
from __future__ import annotations

import os
import subprocess
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from heilongjiang_newmedia.pipeline.execute import kernel_env

WARM_VALIDATION_ENV = "HLJ_NEWMEDIA_WARM_VALIDATION"  # read by .preload
PRELOAD = ("import importlib as _hlj_il; _hlj_il.import_module('heilongjiang_newmedia.pipeline.preload'); "
           "del _hlj_il")


@dataclass
class Kernel:
    km: object
    staging: Path
    log: object
    ipc_dir: Path | None = None

    def shutdown(self) -> None:
        """Stop the kernel and remove its files. Best effort: the chapter's result is decided already, and a kernel
        that died or was never fully started cannot be stopped twice (jupyter_client raises various types then)."""
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            pass
        try:
            run_sync(self.km.cleanup_resources)()
        except Exception:
            pass
        try:
            self.log.close()
        except OSError:
            pass
        if self.ipc_dir is not None:
            shutil.rmtree(self.ipc_dir, ignore_errors=True)


def _tmp_root() -> Path:
    import tempfile

    return Path(tempfile.gettempdir())


def sweep_stale() -> None:
    """Remove socket directories left by builds that were killed (named ``hlj-<pid>-...`` after their build)."""
    import re

    for d in _tmp_root().glob("hlj-*-*"):
        m = re.match(r"hlj-(\d+)-", d.name)
        if not m or not d.is_dir():
            continue
        pid = int(m.group(1))
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            pass


class Zygote:
    """The build's kernel fork server (:mod:`.zygote`); ``None`` from :meth:`start` when it cannot be used."""

    def __init__(self, proc, sock: Path, tmp: Path):
        self.proc, self.sock, self.tmp = proc, sock, tmp

    @classmethod
    def start(cls, cwd: Path, timeout: float = 60, warm_validation: bool = False) -> "Zygote | None":
        """Start the fork server in ``cwd`` and wait until it has preloaded (:mod:`.preload`); with
        ``warm_validation`` (the build reads a researcher's data folder, whose tables the kernels validate), it
        also imports the table validator."""
        import select
        import sys
        import tempfile

        tmp = Path(tempfile.mkdtemp(prefix=f"hlj-{os.getpid()}-z", dir=_tmp_root()))
        sock = tmp / "z.sock"
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        env.pop(WARM_VALIDATION_ENV, None)
        if warm_validation:
            env[WARM_VALIDATION_ENV] = "1"
        try:
            proc = subprocess.Popen([sys.executable, "-m", "heilongjiang_newmedia.pipeline.zygote", str(sock)],
                                    cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=open(tmp / "zygote.log", "ab"))
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return None
        z = cls(proc, sock, tmp)
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        if not ready or proc.stdout.readline().strip() != b"ready":
            z.stop()
            return None
        return z

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # killed above; the build's exit reaps it
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def start(staging_root: Path, cwd: Path, data_dir: str | None, kernel_name: str = "python3",
          attempts: int = 3, zygote: Zygote | None = None) -> Kernel:
    """Start a kernel process (returns at once; it boots and preloads in the background). With a running
    ``zygote``, the kernel is forked from it (modules already imported) instead of started from scratch."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    last: Exception | None = None
    for _ in range(attempts):
        staging = Path(staging_root) / f"k-{uuid.uuid4().hex[:10]}"
        staging.mkdir(parents=True, exist_ok=True)
        log = open(staging / "kernel.log", "ab")
        # IPC socket paths must stay short (108 bytes): keep them in a private temp dir
        ipc_dir = _tmp_root() / f"hlj-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        ipc_dir.mkdir(mode=0o700)
        km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=str(ipc_dir / "k"),
                                connection_file=str(ipc_dir / "kernel.json"))
        env = {**os.environ, **kernel_env(staging, staging / "reads.log", data_dir)}
        extra = [f"--IPKernelApp.exec_lines={PRELOAD}"]
        if zygote is not None and zygote.alive():
            import json
            import sys

            from jupyter_client.kernelspec import KernelSpec

            client = Path(__file__).with_name("zygote_client.py")
            km._kernel_spec = KernelSpec(
                argv=[sys.executable, "-S", str(client), str(zygote.sock), "{connection_file}",
                      str(staging / "kernel.log"), str(cwd),
                      json.dumps(kernel_env(staging, staging / "reads.log", data_dir))],
                display_name="Python 3 (forked)", language="python")
            extra = []
        try:
            run_sync(km.start_kernel)(env=env, cwd=str(cwd), stdout=log, stderr=log, extra_arguments=extra)
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
