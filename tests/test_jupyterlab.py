"""JupyterLab works with the project: a server on 127.0.0.1 lists the chapter notebooks and runs package code."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-" + uuid.uuid4().hex

pytestmark = pytest.mark.build  # starts a JupyterLab server and a kernel


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, path: str, method: str = "GET", body: dict | None = None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=20) as resp:
        text = resp.read().decode()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {"JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(runtime / "config"),
           "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": str(runtime)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={ROOT}", "--ServerApp.open_browser=False", "--allow-root"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            _api(port, "/api/status")
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("JupyterLab did not start within 60 s")
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_lab_lists_chapter_notebooks(server):
    listing = _api(server, "/api/contents/notebooks")
    names = {item["name"] for item in listing["content"]}
    assert "01_introduction.ipynb" in names
    assert {n for n in names if n.endswith(".ipynb")} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    lab = urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{server}/lab",
                                                        headers={"Authorization": f"token {TOKEN}"}), timeout=20)
    assert lab.status == 200


def test_kernel_imports_the_package(server):
    import websocket  # websocket-client, a jupyter-server dependency

    kernel = _api(server, "/api/kernels", "POST", {"name": "python3"})
    try:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{server}/api/kernels/{kernel['id']}/channels?token={TOKEN}", timeout=60)
        msg_id = uuid.uuid4().hex
        code = ("from heilongjiang_newmedia.loading.datasets import load\n"
                "df = load('online_service_capability')\n"
                "print(df.query('eval_year == 2019 and province_zh == \"黑龙江\"')['score'].iloc[0])")
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, status = "", None
        deadline = time.time() + 60
        while time.time() < deadline and status is None:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out += msg["content"]["text"]
            elif msg["msg_type"] == "error":
                out += "\n".join(msg["content"]["traceback"])
            elif msg["msg_type"] == "execute_reply":
                status = msg["content"]["status"]
        ws.close()
        assert status == "ok", out
        assert out.strip() == "77.93"
    finally:
        _api(server, f"/api/kernels/{kernel['id']}", "DELETE")
