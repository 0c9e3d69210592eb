"""A kernel fork server ("zygote") for one build: imports ipykernel, pandas, matplotlib, seaborn and the package
once (:mod:`.preload`), then forks a fresh kernel process for every chapter in a few milliseconds.

Each chapter still gets its own kernel process, with nothing in its namespace and its own environment, working
directory and connection file; only the imported modules (and the registered CJK font) come from the zygote, as
they would after the same imports in a new process. The zygote holds no threads when it forks.

jupyter_client starts ``zygote_client.py`` as the kernel command; the client asks the zygote for a kernel, forwards
interrupts to it and exits when it exits. The forked kernel exits when its client is gone (killed by the kernel
manager) or when the zygote is gone (the build died): no orphan kernels.

Protocol on the Unix socket: one JSON line ``{"conn", "cwd", "env", "log", "client"}`` -> ``{"pid": N}``.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys


def _child(req: dict) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # notebooks may run subprocesses: they must be waitable
    os.nice(5)
    os.chdir(req["cwd"])
    os.environ.update(req["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel exits when the zygote does
    fd = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    client = int(req["client"])

    from ipykernel.kernelapp import IPKernelApp

    from heilongjiang_newmedia.pipeline.lifeline import exit_when_gone

    sys.argv = [sys.executable, "-f", req["conn"]]
    app = IPKernelApp.instance()
    app.initialize(["-f", req["conn"]])
    exit_when_gone(client, 0.2)  # the kernel manager kills the client to stop the kernel: follow it
    app.start()
    os._exit(0)


def _gone(sock_path: str) -> None:
    """The build is gone: remove this server's folder (the socket, the log) and exit."""
    import shutil

    shutil.rmtree(os.path.dirname(sock_path), ignore_errors=True)
    os._exit(0)


def serve(sock_path: str) -> None:
    parent = os.getppid()  # before the imports: a build that stops while they run is seen below
    from ipykernel.kernelapp import IPKernelApp  # noqa: F401  (imported before forking)

    from heilongjiang_newmedia.pipeline import preload# noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    if os.getppid() != parent:
        _gone(sock_path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(16)
    try:
        print("ready", flush=True)
    except BrokenPipeError:  # the build stopped waiting (it was refused or killed)
        _gone(sock_path)
    srv.settimeout(0.5)
    while True:
        if os.getppid() != parent:
            _gone(sock_path)
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        conn.settimeout(10)
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            try:
                req = json.loads(data.decode("utf-8"))
            except ValueError:
                continue
            pid = os.fork()
            if pid == 0:
                srv.close()
                conn.close()
                try:
                    _child(req)
                finally:
                    os._exit(1)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


if __name__ == "__main__":
    serve(sys.argv[1])
