"""Crash safety of the build (issue 8, item 2) on a small throwaway project (not the real chapters).

A full build is SIGKILLed (with its whole process group: workers and kernels) at varied moments; afterwards (and
after the recovery that every build runs first) each chapter's files are all from the build before or all from the
killed build, no public file is truncated, and the next build succeeds. The chapters print a token taken from the
environment, so builds with token A and token B give different bytes in every output; two reference builds give
the expected digests of each chapter for each token (builds are deterministic).
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from heilongjiang_newmedia.pipeline import journal

CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]
STEMS = ("01_introduction", "04_problems", "07_conclusion")

INTRO = '''
import os
import matplotlib.pyplot as plt
import pandas as pd
from heilongjiang_newmedia.reporting.exhibits import Chapter
tok = os.environ.get("HLJ_TEST_TOKEN", "0")
ch = Chapter("01_introduction", lang=lang)
df = pd.DataFrame({"year": [2019, 2020], "value": [8.54, 9.89], "token": [tok, tok]})
df.attrs["sources"] = [{"title": "第47次《中国互联网络发展状况统计报告》", "url": "https://www.cnnic.net.cn/",
                        "date": "2021-02-03", "confidence": "high", "rows": 2}]
fig, ax = plt.subplots(figsize=(4, 3))
ax.plot(df["year"], df["value"], marker="o")
ax.set_title(f"令牌 {tok}")
ch.exhibit(fig, id="values", title=ch.t(zh="网民规模", en="Netizens"), data=df)
ch.exhibit(df, id="table", title=ch.t(zh="数据表", en="Table"))
ch.find("token", "code", tok if start_year is None else f"{tok}-{start_year}", exhibits=["values"])
ch.say(zh="构建令牌：{t}。", en="Build token: {t}.", t=tok)
'''

PROBLEMS = '''
import os
import pandas as pd
from heilongjiang_newmedia.reporting.exhibits import Chapter
tok = os.environ.get("HLJ_TEST_TOKEN", "0")
ch = Chapter("04_problems", lang=lang)
t = pd.DataFrame({"省份": [province, "浙江"], "令牌": [tok, tok]})
t.attrs["sources"] = [{"title": "评估报告", "url": "https://example.org/eval", "date": "2020-05-01",
                       "confidence": "medium", "rows": 2}]
ch.exhibit(t, id="scores", title=ch.t(zh="问题证据", en="Evidence"))
ch.find("token", "code", tok, exhibits=["scores"])
ch.say(zh="令牌：{t}。", en="Token: {t}.", t=tok)
'''

CONCLUSION = '''
import os
from heilongjiang_newmedia.reporting.exhibits import Chapter
ch = Chapter("07_conclusion", lang=lang, uses=["introduction"])
r = ch.earlier("introduction")
ch.say(zh="第一章令牌：{v}；本章令牌：{t}。", en="Chapter 1 token {v}; token {t}.", v=r.value("token"),
       t=os.environ.get("HLJ_TEST_TOKEN", "0"))
'''


def _nb(params, title, code):
    nb = new_notebook(cells=[new_markdown_cell(f"# {title}"), new_code_cell(params, metadata={"tags": ["parameters"]}),
                             new_markdown_cell("## 背景\n\n中文段落。"), new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def make_project(root: Path) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "requirements.lock").write_text("pandas==3\n", encoding="utf-8")
    nbs = {"01_introduction": _nb('lang = "zh"\nstart_year = None\nend_year = None\ndata_dir = None', "第一章 绪论", INTRO),
           "04_problems": _nb('province = "黑龙江"\nbenchmarks = ["浙江", "广东", "上海", "江苏", "北京"]\n'
                              'lang = "zh"\ndata_dir = None', "第四章 问题", PROBLEMS),
           "07_conclusion": _nb('province = "黑龙江"\nlang = "zh"', "第七章 结论", CONCLUSION)}
    for stem, nb in nbs.items():
        nbformat.write(nb, str(root / "notebooks" / f"{stem}.ipynb"))
    return root


def _env(root: Path, token: str) -> dict:
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(root), "HLJ_TEST_TOKEN": token}
    env.pop("HLJ_NEWMEDIA_BUILD_DIR", None)
    return env


def start(root: Path, token: str, log: Path) -> subprocess.Popen:
    fh = open(log, "w")
    p = subprocess.Popen(CLI + ["build", "--force", "--jobs", "2", "--out", str(root / "reports")], stdout=fh,
                         stderr=subprocess.STDOUT, env=_env(root, token), start_new_session=True)
    p.log = fh
    return p


def finish(p: subprocess.Popen, timeout=300) -> int:
    rc = p.wait(timeout=timeout)
    p.log.close()
    return rc


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def chapter_state(out: Path, stem: str) -> dict[str, str | None]:
    files = {"html": out / "html" / f"{stem}.html", "pdf": out / "pdf" / f"{stem}.pdf",
             "executed": out / "executed" / f"{stem}.ipynb", "findings": out / "findings" / f"{stem}.json"}
    state = {k: (sha(p) if p.is_file() else None) for k, p in files.items()}
    ex = out / "exhibits" / stem
    for p in sorted(ex.rglob("*")) if ex.is_dir() else []:
        if p.is_file():
            state["exhibits/" + p.relative_to(ex).as_posix()] = sha(p)
    return state


def _explain(root: Path, i: int, stem: str, token: str) -> str:
    out = root / "reports"
    now = chapter_state(out, stem)
    lines = [f"kill {i} (token {token}): {stem} matches neither reference"]
    for t in ("A", "B"):
        ref = chapter_state(root / f"ref-{t}", stem)
        lines.append(f"  differs from {t} in: {sorted(k for k in set(now) | set(ref) if now.get(k) != ref.get(k))}")
    shutil.copytree(out, root / f"mixed-{i}")
    lines.append(f"  copied to {root / f'mixed-{i}'}")
    return "\n".join(lines)


def check_not_truncated(out: Path) -> None:
    for p in list((out / "html").glob("*.html")) + [out / "book.html"]:
        if p.exists():
            assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
    for p in list((out / "pdf").glob("*.pdf")) + [out / "book.pdf"]:
        if p.exists():
            data = p.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), p
    for p in list(out.glob("findings/*.json")) + list(out.glob("executed/*.ipynb")) + list(out.glob(".cache/*.json")):
        json.loads(p.read_text(encoding="utf-8"))
    for p in out.glob("exhibits/*/*.csv"):
        assert p.read_text(encoding="utf-8").endswith("\n"), p


def check_record(out: Path, stem: str) -> None:
    """The cache record describes exactly the files in place (it is committed with them)."""
    rec = json.loads((out / ".cache" / f"{stem}.json").read_text(encoding="utf-8"))
    assert rec["outputs"]["html"] == sha(out / "html" / f"{stem}.html")
    assert rec["outputs"]["pdf"] == sha(out / "pdf" / f"{stem}.pdf")


@pytest.fixture(scope="module")
def refs(tmp_path_factory):
    """Two complete builds (token A, then B) in the same reports dir: per-chapter digests and the build time."""
    root = make_project(tmp_path_factory.mktemp("crash"))
    out = root / "reports"
    states, seconds = {}, 0.0
    for token in ("A", "B"):
        t = time.perf_counter()
        p = start(root, token, root / f"ref-{token}.log")
        assert finish(p) == 0, (root / f"ref-{token}.log").read_text()
        seconds = time.perf_counter() - t
        states[token] = {s: chapter_state(out, s) for s in STEMS}
        shutil.copytree(out, root / f"ref-{token}", ignore=shutil.ignore_patterns(".build.lock"))
    for s in STEMS:
        assert states["A"][s]["html"] != states["B"][s]["html"]
        assert states["A"][s]["pdf"] != states["B"][s]["pdf"]
        assert states["A"][s]["executed"] != states["B"][s]["executed"]
    assert states["A"]["01_introduction"]["exhibits/table.csv"] != states["B"]["01_introduction"]["exhibits/table.csv"]
    return root, states, seconds


@pytest.mark.build
def test_sigkill_at_varied_moments_leaves_complete_chapters(refs):
    root, ref, seconds = refs
    out = root / "reports"
    current = {s: "B" for s in STEMS}  # the reference builds left B in place
    n = 10
    seen = set()
    for i in range(n):
        token = "A" if i % 2 == 0 else "B"
        delay = seconds * (0.08 + 0.9 * i / (n - 1))
        p = start(root, token, root / f"kill-{i}.log")
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        finish(p)
        check_not_truncated(out)
        if not journal.pending(out):  # nothing half-committed: consistent as it stands
            for s in STEMS:
                assert chapter_state(out, s) in (ref[current[s]][s], ref[token][s]), _explain(root, i, s, token)
        journal.recover(out)  # what the next build does first
        assert not journal.pending(out) and not (out / journal.STAGING_DIR).exists()
        check_not_truncated(out)
        for s in STEMS:
            state = chapter_state(out, s)
            assert state in (ref[current[s]][s], ref[token][s]), _explain(root, i, s, token)
            current[s] = "A" if state == ref["A"][s] else "B"
            check_record(out, s)
        seen.add(tuple(current[s] == token for s in STEMS))
    # the kills happened at different stages: before any chapter committed and after some/all had
    assert len(seen) >= 2, seen
    # the next build succeeds and gives the complete new outputs
    p = start(root, "A", root / "final.log")
    assert finish(p) == 0, (root / "final.log").read_text()
    for s in STEMS:
        assert chapter_state(out, s) == ref["A"][s]
        check_record(out, s)
    check_not_truncated(out)


def _processes_with_token(token: str) -> list[str]:
    """Processes whose environment holds HLJ_TEST_TOKEN=<token> (the build and everything it started)."""
    found = []
    needle = f"HLJ_TEST_TOKEN={token}".encode()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if needle in (d / "environ").read_bytes().split(b"\0"):
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                found.append(f"{d.name} {cmd[:120]}")
        except OSError:
            continue
    return found


@pytest.mark.build
def test_killing_only_the_build_process_leaves_no_orphans(refs):
    """kill -9 of the build process alone (not its group, as an OOM killer would): its kernels, the kernel fork
    server, the render server and its workers all exit by themselves."""
    root, _, seconds = refs
    token = f"orphans-{os.getpid()}"
    p = start(root, token, root / "orphans.log")
    time.sleep(max(3.0, seconds * 0.5))  # chapters executing and rendering
    assert len(_processes_with_token(token)) > 2, "the build should have started its servers and kernels"
    p.kill()
    finish(p)
    deadline = time.monotonic() + 15
    while _processes_with_token(token) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert _processes_with_token(token) == []
    journal.recover(root / "reports")


@pytest.mark.build
def test_second_concurrent_build_refuses_without_damage(refs):
    root, ref, _ = refs
    out = root / "reports"
    first = start(root, "B", root / "first.log")
    deadline = time.time() + 60
    while "running" not in (root / "first.log").read_text() and time.time() < deadline:
        time.sleep(0.05)
    second = subprocess.run(CLI + ["build", "--force", "--out", str(out)], capture_output=True, text=True,
                            env=_env(root, "A"), timeout=120)
    assert second.returncode == 1
    assert "another build is running" in second.stderr and ".build.lock" in second.stderr
    assert finish(first) == 0, (root / "first.log").read_text()
    for s in STEMS:
        assert chapter_state(out, s) == ref["B"][s]
    check_not_truncated(out)


# -- the journal itself: a crash between any two steps of a commit --------------------------------------------------
def _unit(out: Path, version: str) -> Path:
    staging = out / journal.STAGING_DIR / f"u-{version}"
    (staging / "dir").mkdir(parents=True)
    (staging / "a.txt").write_text(f"a {version}\n")
    (staging / "b.txt").write_text(f"b {version}\n")
    (staging / "dir" / "c.csv").write_text(f"c {version}\n")
    return staging


def _state(out: Path):
    return tuple((out / p).read_text() if (out / p).is_file() else None for p in ("a.txt", "html/b.txt", "ex/c/c.csv"))


def test_journal_replay_after_crash_at_every_step(tmp_path, monkeypatch):
    old = ("a 1\n", "b 1\n", "c 1\n")
    new = ("a 2\n", "b 2\n", "c 2\n")
    for crash_after in range(5):  # journal write, a, b, old dir aside, new dir
        out = tmp_path / f"o{crash_after}"
        out.mkdir()
        st = _unit(out, "1")
        journal.commit_unit(out, "u", st, [(st / "a.txt", out / "a.txt"), (st / "b.txt", out / "html" / "b.txt"),
                                           (st / "dir", out / "ex" / "c")], [out / "gone.txt"])
        assert _state(out) == old
        st = _unit(out, "2")
        real, calls = os.replace, [0]

        def flaky(src, dst):
            if calls[0] >= crash_after:
                raise KeyboardInterrupt("simulated crash")
            calls[0] += 1
            return real(src, dst)

        monkeypatch.setattr(journal.os, "replace", flaky)
        with pytest.raises(KeyboardInterrupt):
            journal.commit_unit(out, "u", st, [(st / "a.txt", out / "a.txt"), (st / "b.txt", out / "html" / "b.txt"),
                                               (st / "dir", out / "ex" / "c")])
        monkeypatch.setattr(journal.os, "replace", real)
        if journal.pending(out):
            journal.recover(out)
            assert _state(out) == new, crash_after
        else:  # crashed before the journal was in place: nothing was touched
            journal.recover(out)
            assert _state(out) == old, crash_after
        assert not (out / journal.STAGING_DIR).exists() and not journal.pending(out)
