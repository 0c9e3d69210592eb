"""Kernel command used with the zygote (see zygote.py): standard library only, started with ``python -S``.

argv: zygote socket, connection file, log file, working directory, then the kernel environment as JSON. The client
exits when the kernel does, and kills the kernel when the build that started it is gone (no orphan kernels after a
killed build)."""
import json
import os
import signal
import socket
import sys
import time


def main() -> int:
    sock_path, conn_file, log, cwd, env = sys.argv[1:6]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    req = {"conn": conn_file, "log": log, "cwd": cwd, "env": json.loads(env), "client": os.getpid()}
    s.sendall(json.dumps(req).encode() + b"\n")
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(4096)
        if not chunk:
            return 1
        data += chunk
    pid = json.loads(data)["pid"]
    s.close()

    def forward(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        if sig != signal.SIGINT:
            sys.exit(0)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    build = os.getppid()  # the build process (its kernel manager started this client)
    while True:
        time.sleep(0.05)
        if os.getppid() != build:  # the build died without stopping its kernel (e.g. SIGKILL): stop it
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return 1
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return 0


if __name__ == "__main__":
    sys.exit(main())
