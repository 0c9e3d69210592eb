"""Issue 19: never lose the researcher's files, on a small throwaway project (not the real chapters).

* ``clean`` removes only a report folder the build made and holding only build outputs; everything else is refused,
  nothing deleted (the dangerous cases run under a guard that turns any deletion into a recorded failure);
* a notebook run by hand writes to a scratch folder of its own and never changes a built report folder;
* the cache rebuilds a chapter whose outputs were changed, removed or written by anything but the build;
* a partial build with other settings is refused with the commands that do what was meant, and each suggested
  command works as printed (the tests run them through a shell);
* a read-only or full report folder gives one line, not a traceback; the last line of a build names the book.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from test_build import _nb
from test_crash_safety import CONCLUSION, INTRO, PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]
BIN = Path(sys.executable).parent
STEMS = ("01_introduction", "04_problems", "07_conclusion")
pytestmark = pytest.mark.build


def make_project(root: Path) -> Path:
    """Three bilingual chapters (narrative cells tagged lang-zh / lang-en) that need no data files."""
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "requirements.lock").write_text("pandas==3\n", encoding="utf-8")
    nbs = {"01_introduction": _nb('lang = "zh"\nstart_year = None\nend_year = None\ndata_dir = None',
                                  "第一章 绪论", "Chapter 1 Introduction", INTRO),
           "04_problems": _nb('province = "黑龙江"\nbenchmarks = ["浙江", "广东", "上海", "江苏", "北京"]\n'
                              'lang = "zh"\ndata_dir = None', "第四章 问题", "Chapter 4 Problems", PROBLEMS),
           "07_conclusion": _nb('province = "黑龙江"\nlang = "zh"', "第七章 结论", "Chapter 7 Conclusion", CONCLUSION)}
    for stem, nb in nbs.items():
        nbformat.write(nb, str(root / "notebooks" / f"{stem}.ipynb"))
    return root


def env_for(root: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(root), **extra}
    for k in ("HLJ_NEWMEDIA_BUILD_DIR", "HLJ_NEWMEDIA_REPORTS_DIR", "HLJ_NEWMEDIA_READ_LOG", "HLJ_NEWMEDIA_DATA_DIR"):
        env.pop(k, None)
    return env


def run(root: Path, *args: str, stdin=subprocess.DEVNULL, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env_for(root, **extra), cwd=root,
                          timeout=600, stdin=stdin)


def shell(root: Path, command: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """A suggested command, pasted as printed into a shell in the folder it was printed in (default: the project)."""
    return subprocess.run(command, shell=True, capture_output=True, text=True, env=env_for(root), cwd=cwd or root,
                          timeout=600, stdin=subprocess.DEVNULL)


def statuses(stderr: str) -> dict[str, str]:
    out = {}
    for line in stderr.splitlines():
        parts = line.split("]", 1)[-1].split()
        if len(parts) >= 2 and parts[0] in ("done", "cached", "failed"):
            out[parts[1]] = parts[0]
    out.pop("book", None)
    return out


def settle(root: Path) -> None:
    """Build until everything is cached (the package code is part of every cache key: an edit during the test run
    must not count as the change under test)."""
    for _ in range(3):
        r = run(root, "build")
        assert r.returncode == 0, r.stderr
        if set(statuses(r.stderr).values()) <= {"cached"}:
            return
    raise AssertionError("build never settled into the cache")


def digest(folder: Path, skip: tuple[str, ...] = (".scratch", ".build.lock")) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
            and not set(p.relative_to(folder).parts) & set(skip)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("safety") / "proj")
    r = run(root, "build", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return root, r.stderr


def copy_reports(built_root: Path, dst: Path) -> Path:
    shutil.copytree(built_root / "reports", dst, ignore=shutil.ignore_patterns(".scratch"))
    return dst


# -- 1. clean removes only what the package made ----------------------------------------------------------------------
GUARD = r'''
import os, shutil, sys, pathlib
attempts = []
def refuse(*a, **k):
    attempts.append(repr(a[:1]))
    raise PermissionError("test guard: deletion attempted")
shutil.rmtree = os.unlink = os.remove = os.rmdir = refuse
pathlib.Path.unlink = pathlib.Path.rmdir = lambda self, *a, **k: refuse(self)
sys.argv = ["hlj-newmedia", "clean", "--out", sys.argv[1], "--yes"]
from heilongjiang_newmedia.cli import main
try:
    main()
finally:
    print("DELETION ATTEMPTS:", len(attempts), attempts[:3], file=sys.stderr)
'''


@pytest.mark.parametrize("which", ["root", "home", "checkout"])
def test_clean_refuses_root_home_and_checkout_without_deleting(which, tmp_path):
    """Under a guard that makes every deletion fail and be counted (so a wrong answer cannot harm the machine)."""
    target = {"root": "/", "home": str(Path.home()), "checkout": str(ROOT)}[which]
    r = subprocess.run([sys.executable, "-c", GUARD, target], capture_output=True, text=True, timeout=120,
                       env={**env_for(ROOT)}, stdin=subprocess.DEVNULL)
    assert r.returncode == 1, r.stderr
    assert "DELETION ATTEMPTS: 0 " in r.stderr, r.stderr
    assert "Nothing was deleted" in r.stderr
    assert {"root": "root of the file system", "home": "your home folder", "checkout": "the project checkout"}[which] \
        in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_clean_refuses_a_folder_with_a_foreign_file(built, tmp_path):
    root, _ = built
    out = copy_reports(root, tmp_path / "reports")
    (out / "thesis-draft.docx").write_bytes(b"my thesis")
    (out / "html" / "notes.txt").write_text("mine", encoding="utf-8")
    before = digest(out)
    r = run(root, "clean", "--out", str(out), "--yes")
    assert r.returncode == 1
    assert "2 item(s) that are not build outputs: thesis-draft.docx, html/notes.txt" in r.stderr, r.stderr
    assert "Nothing was deleted" in r.stderr and digest(out) == before


def test_clean_never_follows_a_symbolic_link(built, tmp_path):
    root, _ = built
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.csv").write_text("precious\n", encoding="utf-8")
    out = copy_reports(root, tmp_path / "reports")
    (out / "exhibits" / "linked").symlink_to(elsewhere)
    r = run(root, "clean", "--out", str(out), "--yes")
    assert r.returncode == 1 and "exhibits/linked (a symbolic link to" in r.stderr, r.stderr
    assert (elsewhere / "data.csv").read_text() == "precious\n" and (out / "book.pdf").is_file()
    (out / "exhibits" / "linked").unlink()
    link = tmp_path / "reports-link"
    link.symlink_to(out)  # the folder given is itself a link: refused, the folder it points to kept
    r = run(root, "clean", "--out", str(link), "--yes")
    assert r.returncode == 1 and "is a symbolic link" in r.stderr, r.stderr
    assert (out / "book.pdf").is_file() and link.is_symlink()


def test_clean_refuses_a_folder_without_the_marker(built, tmp_path):
    root, _ = built
    out = copy_reports(root, tmp_path / "reports")
    (out / ".hlj-newmedia-reports").unlink()
    before = digest(out)
    r = run(root, "clean", "--out", str(out), "--yes")
    assert r.returncode == 1 and "has no .hlj-newmedia-reports marker" in r.stderr, r.stderr
    assert digest(out) == before


def test_clean_without_terminal_needs_yes_and_the_printed_command_works(built, tmp_path):
    root, _ = built
    out = copy_reports(root, tmp_path / "reports")
    (out / ".scratch" / "20260101-000000-1" / "findings").mkdir(parents=True)
    (out / ".scratch" / "20260101-000000-1" / "findings" / "01_introduction.json").write_text("{}", encoding="utf-8")
    r = run(root, "clean", "--out", str(out))
    assert r.returncode == 1 and "not on a terminal" in r.stderr and out.is_dir(), r.stderr
    command = r.stderr.split("To delete", 1)[1].split(": ", 1)[1].strip()
    assert command.endswith("--yes") or "--yes" in command
    done = shell(root, command)
    assert done.returncode == 0, done.stderr
    assert not out.exists() and tmp_path.is_dir()


def test_clean_asks_on_a_terminal(built, tmp_path):
    import pty

    root, _ = built
    out = copy_reports(root, tmp_path / "reports")
    for answer, kept in (("n", True), ("y", False)):
        master, slave = pty.openpty()
        os.write(master, f"{answer}\n".encode())
        r = run(root, "clean", "--out", str(out), stdin=slave)
        os.close(slave)
        os.close(master)
        assert "delete the report folder" in r.stdout, r.stdout + r.stderr
        assert out.exists() == kept, (answer, r.stdout, r.stderr)


def test_makefile_clean_goes_through_the_safe_clean(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(BIN.parent)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "thesis.docx").write_bytes(b"mine")
    r = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, text=True, env=env_for(tmp_path),
                       timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode != 0 and "not cleaned" in r.stderr, r.stdout + r.stderr
    assert (reports / "thesis.docx").read_bytes() == b"mine"
    assert "rm -rf reports" not in (ROOT / "Makefile").read_text(encoding="utf-8")


# -- 2. interactive runs have their own place -------------------------------------------------------------------------
def _papermill(root: Path, stem: str, out: Path, *params: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "papermill"), f"notebooks/{stem}.ipynb", str(out), "--cwd", "notebooks",
                           "-k", "python3", *params], capture_output=True, text=True, env=env_for(root), cwd=root,
                          timeout=600, stdin=subprocess.DEVNULL)


def _outputs_text(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return ["".join(o.get("data", {}).get("text/plain", o.get("text", ""))) for c in nb["cells"]
            for o in c.get("outputs", [])]


def test_notebook_run_by_hand_writes_to_its_scratch_folder(built, tmp_path):
    """papermill and nbconvert runs (chapter 1 with other parameters, chapter 4): the built reports are
    byte-identical afterwards; each run's exhibits and findings are in the scratch folder its first
    output names. The conclusion run by hand reads the build's findings (read only)."""
    root, _ = built
    reports = root / "reports"
    before = digest(reports)
    r = _papermill(root, "01_introduction", tmp_path / "01.ipynb", "-p", "start_year", "2019")
    assert r.returncode == 0, r.stderr
    first = _outputs_text(tmp_path / "01.ipynb")[0]
    m = re.search(r"go to (\S+) \(built reports in (\S+) are read, never changed\)", first)
    assert m, first
    scratch = Path(m.group(1))
    assert scratch.parent == reports / ".scratch" and Path(m.group(2)) == reports
    assert {p.relative_to(scratch).as_posix() for p in scratch.rglob("*.json")} >= {
        "findings/01_introduction.json", "exhibits/01_introduction/manifest.json"}
    assert json.loads((scratch / "findings" / "01_introduction.json").read_text())["findings"]["token"]["value"] == "0-2019"
    r = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute", "notebooks/04_problems.ipynb",
                        "--output-dir", str(tmp_path)], capture_output=True, text=True, env=env_for(root), cwd=root,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    r = _papermill(root, "07_conclusion", tmp_path / "07.ipynb")
    assert r.returncode == 0, r.stderr
    built_token = json.loads((reports / "findings" / "01_introduction.json").read_text())["findings"]["token"]["value"]
    assert any(f"第一章令牌：{built_token}" in t for t in _outputs_text(tmp_path / "07.ipynb"))
    assert digest(reports) == before
    assert len(list((reports / ".scratch").iterdir())) == 3


def test_conclusion_by_hand_reads_the_builds_findings_read_only(built, monkeypatch, capsys):
    from heilongjiang_newmedia.reporting.exhibits import Chapter

    root, _ = built
    before = digest(root / "reports")
    monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(root))
    monkeypatch.delenv("HLJ_NEWMEDIA_BUILD_DIR")
    monkeypatch.delenv("HLJ_NEWMEDIA_REPORTS_DIR")
    ch = Chapter("07_conclusion", lang="zh", uses=["01_introduction"])
    assert ch.build_dir.parent == root / "reports" / ".scratch"
    assert f"go to {ch.build_dir}" in capsys.readouterr().out
    assert ch.earlier("introduction").chapter == "01_introduction"
    assert digest(root / "reports") == before and (ch.build_dir / "findings" / "07_conclusion.json").is_file()


def test_a_scratch_run_marks_only_a_reports_folder_it_made(tmp_path, monkeypatch):
    """Runs by hand in a fresh checkout: the reports/ folder they make is a report folder (clean removes it); a
    reports/ folder that already holds the researcher's files is not marked, and clean still refuses it."""
    from heilongjiang_newmedia.reporting.exhibits import Chapter

    monkeypatch.delenv("HLJ_NEWMEDIA_BUILD_DIR")
    monkeypatch.delenv("HLJ_NEWMEDIA_REPORTS_DIR")
    fresh, used = make_project(tmp_path / "fresh"), make_project(tmp_path / "used")
    (used / "reports").mkdir()
    (used / "reports" / "my-notes.md").write_text("mine", encoding="utf-8")
    for root in (fresh, used):
        monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(root))
        Chapter("01_introduction", lang="zh")
    assert (fresh / "reports" / ".hlj-newmedia-reports").is_file()
    assert not (used / "reports" / ".hlj-newmedia-reports").exists()
    assert run(fresh, "clean", "--yes").returncode == 0 and not (fresh / "reports").exists()
    r = run(used, "clean", "--yes")
    assert r.returncode == 1 and (used / "reports" / "my-notes.md").read_text(encoding="utf-8") == "mine"


def test_a_notebook_pointed_at_a_built_folder_refuses(built, monkeypatch):
    from heilongjiang_newmedia.reporting.exhibits import Chapter

    root, _ = built
    before = digest(root / "reports")
    monkeypatch.setenv("HLJ_NEWMEDIA_BUILD_DIR", str(root / "reports"))
    with pytest.raises(PermissionError, match="built reports change only through hlj-newmedia build"):
        Chapter("01_introduction", lang="zh")
    assert digest(root / "reports") == before


def test_missing_findings_name_commands_that_work(tmp_path, monkeypatch):
    """The conclusion run by hand before anything was built: the message's command builds what it needs; so does
    the message for missing findings (read by ``Chapter(..., uses=[...])``)."""
    from heilongjiang_newmedia import findings as F
    from heilongjiang_newmedia.loading.paths import reports_dir

    root = make_project(tmp_path / "p")
    r = _papermill(root, "07_conclusion", tmp_path / "07.ipynb")
    assert r.returncode != 0
    m = re.search(r"build it first: (.+?hlj-newmedia build (?:01_introduction|1\b)[^\n'\"]*)", r.stderr + r.stdout)
    assert m, r.stderr[-3000:]
    monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(root))
    monkeypatch.delenv("HLJ_NEWMEDIA_REPORTS_DIR")
    with pytest.raises(F.MissingFindingsError) as info:
        F.read("introduction", [reports_dir()])
    found = str(info.value).split("build it first: ", 1)[1]
    for command, where in ((m.group(1).replace("\\n", "").strip(), root), (found, Path.cwd())):
        done = shell(root, command, cwd=where)
        assert done.returncode == 0, (command, done.stderr)
    assert F.read("introduction", [reports_dir()]).chapter == "01_introduction"
    r = _papermill(root, "07_conclusion", tmp_path / "07b.ipynb")
    assert r.returncode == 0, r.stderr


# -- 3. the cache trusts nothing it did not write ---------------------------------------------------------------------
def test_outputs_changed_removed_or_written_by_others_are_rebuilt(built, tmp_path):
    root, _ = built
    work = tmp_path / "proj"
    shutil.copytree(root, work, ignore=shutil.ignore_patterns(".scratch"))
    out = work / "reports"
    settle(work)
    (out / "findings" / "04_problems.json").write_text('{"chapter": "04_problems", "findings": {}}\n')  # changed
    (out / "pdf" / "01_introduction.pdf").unlink()  # removed
    (out / "exhibits" / "07_conclusion" / "extra.csv").write_text("a\n1\n")  # written by another process
    r = run(work, "build")
    assert r.returncode == 0, r.stderr
    assert statuses(r.stderr) == {s: "done" for s in STEMS}, r.stderr
    assert "output changed since it was built" in r.stderr and "output missing: pdf/01_introduction.pdf" in r.stderr
    assert not (out / "exhibits" / "07_conclusion" / "extra.csv").exists()
    settle(work)


# -- 4. one report folder, one set of parameters ----------------------------------------------------------------------
def test_partial_build_with_other_settings_is_refused_with_commands_that_work(built, tmp_path):
    root, _ = built
    work = tmp_path / "proj"
    shutil.copytree(root, work, ignore=shutil.ignore_patterns(".scratch"))
    out = work / "reports"
    settle(work)
    before = digest(out)
    r = run(work, "build", "4", "-p", "province=吉林", "-p", "benchmarks=浙江、广东")
    assert r.returncode == 2, r.stderr
    assert "province is 黑龙江 in chapter(s) 1, 7, not 吉林" in r.stderr, r.stderr
    assert "running" not in r.stderr and digest(out) == before
    own = re.search(r"in a folder of their own:\s+(.+)", r.stderr).group(1)
    every = re.search(r"with these settings:\s+(.+)", r.stderr).group(1)
    assert own.endswith("--out reports-jilin"), own
    done = shell(work, own)
    assert done.returncode == 0, done.stderr
    assert digest(out) == before
    assert "吉林" in (work / "reports-jilin" / "html" / "04_problems.html").read_text(encoding="utf-8")
    done = shell(work, every)
    assert done.returncode == 0, done.stderr
    assert statuses(done.stderr)["04_problems"] == "done" and statuses(done.stderr)["07_conclusion"] == "done"
    assert "吉林" in (out / "html" / "04_problems.html").read_text(encoding="utf-8")


def test_build_refuses_a_folder_of_other_files(built, tmp_path):
    root, _ = built
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "book.pdf").write_bytes(b"my own book, not a build output")
    (mine / "draft.docx").write_bytes(b"draft")
    r = run(root, "build", "1", "--out", str(mine))
    assert r.returncode == 2 and "holds files that hlj-newmedia did not make (draft.docx)" in r.stderr, r.stderr
    assert (mine / "book.pdf").read_bytes() == b"my own book, not a build output"
    assert sorted(p.name for p in mine.iterdir()) == ["book.pdf", "draft.docx"]
    command = r.stderr.split("to build into a new folder inside it: ", 1)[1].strip()
    done = shell(root, command)
    assert done.returncode == 0, done.stderr
    assert (mine / "reports" / "html" / "01_introduction.html").is_file()
    assert (mine / "book.pdf").read_bytes() == b"my own book, not a build output"


# -- 6. a read-only or full folder: one clear line ---------------------------------------------------------------------
def _mount(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True).returncode == 0


def test_read_only_report_folder_gives_one_line(built, tmp_path):
    root, _ = built
    out = tmp_path / "ro"
    if os.geteuid() != 0:
        copy_reports(root, out)
        for p in [out, *out.rglob("*")]:
            if p.is_dir():
                p.chmod(0o555)
        mounted = False
    else:
        if not _mount(out, "size=16m"):
            pytest.skip("running as root without permission to mount a read-only file system")
        mounted = True
        shutil.copytree(root / "reports", out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".scratch"))
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    try:
        before = digest(out)
        r = run(root, "build", "--force", "--out", str(out))
        assert r.returncode == 1, r.stderr
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith(f"error: cannot write the reports in {out}: "), r.stderr
        assert "read-only" in lines[0] or "permission denied" in lines[0]
        assert digest(out) == before
    finally:
        if mounted:
            subprocess.run(["umount", str(out)])
        else:
            for p in [out, *out.rglob("*")]:
                if p.is_dir():
                    p.chmod(0o755)


def test_full_report_folder_gives_one_line(built, tmp_path):
    root, _ = built
    r = run(root, "build", "--force", "--out", str(tmp_path / "r"), HLJ_NEWMEDIA_MIN_FREE_MB="1e12")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 1 and len(lines) == 1, r.stderr
    assert "MB free on its file system, a build needs about 1000000000000 MB; free some space" in lines[0]
    if os.geteuid() != 0:
        return
    small = tmp_path / "small"
    if not _mount(small, "size=600k"):
        return
    try:  # a file system that fills up during the build: chapters fail, no traceback, nothing half-written
        r = run(root, "build", "--force", "--out", str(small), HLJ_NEWMEDIA_MIN_FREE_MB="0")
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert "No space left on device" in r.stderr or "no space left on the device" in r.stderr, r.stderr
    finally:
        subprocess.run(["umount", str(small)])


# -- 7. progress and where things are ---------------------------------------------------------------------------------
def test_last_line_names_the_book_and_version(built):
    root, stderr = built
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"book: {root / 'reports' / 'book.pdf'}, {root / 'reports' / 'book.html'}"), last
    from importlib.metadata import version

    r = run(root, "--version")
    assert r.returncode == 0 and r.stdout.strip() == f"hlj-newmedia {version('heilongjiang-newmedia')}"


def test_make_help_and_first_install_message(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    r = subprocess.run(["make", "help"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    for target in ("make report", "make test", "make lab", "make clean", "make help"):
        assert target in r.stdout
    r = subprocess.run(["make", "-n", "report"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "Installing the pinned Python environment" in r.stdout and "3-5 minutes" in r.stdout, r.stdout
    assert "-q" not in re.findall(r"pytest[^\n]*", (ROOT / "Makefile").read_text())[0]  # progress stays visible


def test_replication_md_is_identical_between_runs_and_times_are_apart(built, tmp_path):
    root, _ = built
    first = (root / "reports" / "REPLICATION.md").read_bytes()
    assert b"wall time" not in first and b"build-times.md" in first
    out = tmp_path / "again"
    r = run(root, "build", "--force", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "REPLICATION.md").read_bytes() == first
    times = (out / "build-times.md").read_text(encoding="utf-8")
    assert "Total wall time of the last build" in times and "| 01_introduction |" in times


# -- 8. plain nbconvert shows Chinese in the reports' font, one language -----------------------------------------------
def _font_covers(page: str) -> tuple[set[str], str]:
    import base64

    import uharfbuzz as hb

    fonts = re.findall(r'font-family: "HLJ Noto Sans CJK SC"; src: url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)', page)
    assert fonts, "no embedded font"
    covered = set()
    for data in fonts:
        covered |= set(hb.Face(base64.b64decode(data)).unicodes)
    text = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", page, flags=re.S)
    cjk = {c for c in text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
    return {c for c in cjk if ord(c) not in covered}, text


def test_plain_nbconvert_of_the_builds_executed_notebook(built, tmp_path):
    root, _ = built
    r = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html",
                        str(root / "reports" / "executed" / "01_introduction.ipynb"), "--output-dir", str(tmp_path)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "01_introduction.html").read_text(encoding="utf-8")
    missing, text = _font_covers(page)
    assert missing == set() and "中文段落" in text
    assert "English paragraph" not in page and "Chapter 1 Introduction" not in page


def test_plain_nbconvert_of_a_notebook_run_by_hand(built, tmp_path):
    """The font grows with what the notebook displays (here characters that are in no source: chr codes)."""
    root, _ = built
    nbdir = tmp_path / "proj"
    shutil.copytree(root, nbdir, ignore=shutil.ignore_patterns("reports"))
    path = nbdir / "notebooks" / "04_problems.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("from IPython.display import HTML\n"
                                              "HTML('<p>' + ''.join(map(chr, [40845, 27743, 38634])) + '</p>')"))
    nbformat.write(nb, str(path))
    r = _papermill(nbdir, "04_problems", tmp_path / "04.ipynb")
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(tmp_path / "04.ipynb")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "04.html").read_text(encoding="utf-8")
    missing, text = _font_covers(page)
    assert missing == set() and "龍江雪" in text
    assert ".celltag_lang-en { display: none; }" in page
    assert len(re.findall(r'class="[^"]*celltag_lang-en', page)) == 2  # the English cells: hidden by that rule
