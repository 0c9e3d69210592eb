"""``hlj-newmedia``: build chapter reports, list chapters, show a chapter's parameters, clean outputs."""
from __future__ import annotations

import os
import sys
from importlib.metadata import version as _dist_version
from pathlib import Path

import click

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia import paramtypes as PT
from heilongjiang_newmedia.loading.paths import notebooks_dir, project_root


def _fail_params(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_dist_version("heilongjiang-newmedia"), "--version", prog_name="hlj-newmedia", message="%(prog)s %(version)s")
def main() -> None:
    """Reproducible reports on government new media (政务新媒体) in Heilongjiang and other provinces."""


@main.command()
@click.argument("chapters", nargs=-1)
@click.option("-p", "--param", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Parameter value (repeatable), e.g. -p province=吉林 -p peers=吉林,辽宁 -p start_year=2015.")
@click.option("-f", "--params-file", type=click.Path(dir_okay=False), help="YAML file of parameter values.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Report language (default: zh).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Chapters built at once (default: CPUs).")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Reports directory (default: reports/).")
@click.option("--data-dir", type=click.Path(), default=None, help="Directory with your own CSVs overriding the bundled data.")
@click.option("--show-code", is_flag=True, help="Include the code cells in the reports.")
@click.option("--no-docx", is_flag=True, help="Do not write book.docx (the book in Word) beside book.pdf.")
@click.option("--notebooks", type=click.Path(file_okay=False, exists=True), default=None, hidden=True,
              help="Notebooks directory (default: notebooks/ of the project).")
@click.option("--author", default=None, help="Book cover: the author (left out when not given).")
@click.option("--institution", default=None, help="Book cover: the author's institution.")
@click.option("--supervisor", default=None, help="Book cover: the supervisor.")
@click.option("--date", "date_", default=None, help="Book cover: the date of writing, e.g. 2026-12 (printed 2026年12月 / December 2026).")
@click.option("--label", default=None, help='Book cover: a version label, e.g. "第2稿 2026-12" (kept in the '
                                              "book's record .cache/book.json).")
def build(chapters, assignments, params_file, lang, jobs, force, out, data_dir, show_code, no_docx, notebooks, author,
          institution, supervisor, date_, label):
    """Build CHAPTERS (numbers or file stems; none = all) to HTML, PDF and the book.

    A report folder holds one study: building some chapters with settings that differ from the folder's other
    chapters is refused, naming the command that builds them in a folder of their own.

    Exit status: 0 when every requested chapter built, 1 when any failed (or the folder cannot be written),
    2 for invalid parameters or a folder the build may not use."""
    from heilongjiang_newmedia.pipeline import preflight
    from heilongjiang_newmedia.pipeline.runner import Options, Pipeline, build as run_build

    nbdir = Path(notebooks).resolve() if notebooks else notebooks_dir()
    same = [*(w for a in assignments for w in ("-p", a)), *(["-f", params_file] if params_file else []),
            *(["--lang", lang] if lang else []), *(["--data-dir", data_dir] if data_dir else []),
            *(["--show-code"] if show_code else []), *(["--no-docx"] if no_docx else []),
            *(w for o, v in (("--author", author), ("--institution", institution), ("--supervisor", supervisor),
                             ("--date", date_), ("--label", label)) if v for w in (o, v))]
    rerun, rerun_all = ["build", *chapters, *same], ["build", *same]
    out_dir = Path(os.path.abspath(out)) if out else project_root() / "reports"
    refusal = preflight.folder_problem(out_dir, rerun)
    if refusal:
        _fail_params(refusal)
    pipeline = None
    try:
        specs = P.select(chapters, notebooks_dir=nbdir)
        file_values = PT.load_yaml(params_file) if params_file else {}
        if data_dir is not None and not Path(data_dir).is_dir():
            raise PT.ParameterError(f"--data-dir {data_dir!r}: directory does not exist")
        data_abs = str(Path(data_dir).resolve()) if data_dir else None
        book = {k: v.strip() for k, v in (("author", author), ("institution", institution),
                                            ("supervisor", supervisor), ("date", date_), ("label", label)) if v and v.strip()}
        opts = Options(out=out_dir, notebooks_dir=nbdir, jobs=jobs or os.cpu_count() or 1, force=force,
                       show_code=show_code, data_dir=data_abs, book=book,
                       docx=not no_docx)
        pipeline = Pipeline(opts)
        if force:  # something will be built: start the kernel fork server and the renderer while validating
            pipeline.warm()
        from heilongjiang_newmedia.pipeline.cache import memo_resolve  # validation loads the region tables: remembered for no-op rebuilds

        resolved, remember = memo_resolve(out_dir, {"chapters": [s.stem for s in specs], "assignments": list(assignments),
                                          "file": file_values, "params_file": params_file, "lang": lang,
                                          "data_dir": data_abs, "notebooks": str(nbdir)},
                                lambda facts: P.resolve(specs, PT.parse_assignments(assignments), file_values,
                                                        {"lang": lang, "data_dir": data_abs},
                                                        file_label=f"parameter file {params_file}", facts=facts),
                                defer=True,
                                on_miss=pipeline.warm)  # new parameters: a rebuild is likely
        all_specs = P.existing(notebooks_dir=nbdir)
        present = [s.stem for s in all_specs if (out_dir / ".cache" / f"{s.stem}.json").is_file()]
        selected = [s.stem for s in specs]
        for folder in sorted({str(v["data_dir"]) for v in resolved.values() if v.get("data_dir")}):
            from heilongjiang_newmedia.loading.datasets import data_dir_problems  # pandas: only with a data folder

            bad = data_dir_problems(folder)  # every unreadable table at once, before any kernel starts
            if bad:
                raise PT.ParameterError(f"the data folder {folder} holds {len(bad)} table(s) that cannot be read; "
                                        f"nothing was built:\n" + "\n".join(bad))
        conflicts = preflight.settings_conflict(out_dir, selected, resolved, present)
        if conflicts:
            raise PT.ParameterError(preflight.conflict_message(out_dir, conflicts, selected, rerun, rerun_all,
                                                               resolved))
    except ValueError as exc:
        if pipeline is not None:
            pipeline.abandon()
        _fail_params(exc)
    problem = preflight.writable_problem(out_dir)
    if problem:
        pipeline.abandon()
        click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    try:
        report = run_build(specs, resolved, opts, all_specs, pipeline=pipeline)
    except RuntimeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {preflight.io_problem(exc, out_dir)}", err=True)
        sys.exit(1)
    n_done = sum(r.status == "done" for r in report.results)
    n_cached = sum(r.status == "cached" for r in report.results)
    book_files = [str(out_dir / n) for n in ("book.pdf", "book.html", "book.docx") if (out_dir / n).is_file()]
    if report.ok:
        remember()
        click.echo(f"built {n_done}, cached {n_cached} chapter(s) in {report.seconds:.1f}s -> {out_dir}", err=True)
        if report.book_note:
            click.echo(f"note: {report.book_note}", err=True)
        if book_files:
            click.echo(f"book{' (as before)' if report.book_note else ''}: {', '.join(book_files)}", err=True)
        _finish(0)
        return
    click.echo(f"\nFAILED: {len(report.failed)} of {len(report.results)} ({n_done} built, {n_cached} cached):", err=True)
    for r in report.failed:
        click.echo(f"  - {r.message}", err=True)
    if report.book_note:
        click.echo(f"  {report.book_note}", err=True)
    if book_files:
        click.echo(f"book (as before): {', '.join(book_files)}", err=True)
    _finish(1)


def _remove_process_temp_dir() -> None:
    """Remove the temporary folder (``pymp-*``) in which ``multiprocessing`` put the render server's socket: its own
    clean-up runs at interpreter exit, which ``os._exit`` skips. The servers are stopped by now."""
    import shutil

    util = sys.modules.get("multiprocessing.util")
    if util is not None and "multiprocessing.forkserver" in sys.modules:
        shutil.rmtree(util.get_temp_dir(), ignore_errors=True)


def _finish(code: int) -> None:
    """End a build that ran. As the ``hlj-newmedia`` command (or ``python -m heilongjiang_newmedia.cli``) the process
    exits at once: every output is written, synced and renamed into place, the build lock is released and the kernel
    and render servers are stopped, so all that is skipped is the interpreter's teardown of what a build imports
    (pandas, matplotlib, WeasyPrint: about 1.5 s on 2 cores). Called in-process (``main(...)`` from Python), it exits
    as usual (``SystemExit`` for a failure)."""
    if Path(sys.argv[0]).name in ("hlj-newmedia", "cli.py"):
        _remove_process_temp_dir()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if code:
        sys.exit(code)


@main.command()
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False))
def diff(old, new) -> None:
    """What changed from reports folder OLD to NEW, for a supervisor who read OLD: writes changes.html,
    changes.pdf and changes.docx into NEW (inputs, findings, exhibit data and text that changed) and prints a
    summary. Exit status 0, or 1 when a folder lacks the records the comparison needs."""
    from heilongjiang_newmedia.reporting.changes import MissingRecords, compare, load_version
    from heilongjiang_newmedia.reporting.changes_render import summary_text, write_reports

    try:
        changes = compare(load_version(Path(old)), load_version(Path(new)))
    except MissingRecords as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    paths = write_reports(changes)
    click.echo(summary_text(changes))
    click.echo(f"-> {', '.join(str(p) for p in paths)}")


@main.command(name="list")
def list_() -> None:
    """List the chapters, whether their notebook exists, and their parameters."""
    nbdir = notebooks_dir()
    for spec in P.CHAPTERS:
        mark = "✓" if spec.notebook(nbdir).is_file() else "·"
        click.echo(f"{mark} {spec.stem:<20} {spec.title_zh} / {spec.title_en}")
        click.echo(f"    params: {', '.join(p.name for p in spec.params)}"
                   + (f"; after: {', '.join(spec.depends_on)}" if spec.depends_on else ""))
    click.echo("(✓ notebook present, · not written yet)")


@main.command(name="params")
@click.argument("chapter")
def params_(chapter) -> None:
    """Show each parameter of CHAPTER: type, default, allowed values, description."""
    try:
        spec = P.chapter(chapter)
    except PT.ParameterError as exc:
        _fail_params(exc)
    click.echo(f"{spec.stem}: {spec.title_zh} / {spec.title_en}")
    for p in spec.params:
        allowed = ""
        if p.choices:
            allowed = f"  one of: {', '.join(map(str, p.choices))}"
        elif p.min is not None or p.max is not None:
            allowed = f"  range: {p.min}-{p.max}"
        click.echo(f"  {p.name} ({p.type_label}) = {p.default!r}{allowed}\n      {p.description}")


@main.command()
@click.option("--reports", type=click.Path(file_okay=False), default=None,
              help="Reports directory holding book.pdf (default: reports/).")
@click.option("--pdf", type=click.Path(dir_okay=False), default=None, help="Another PDF to proof (e.g. a chapter's).")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Where the contact sheets go (default: <reports>/proof/).")
def proof(reports, pdf, out) -> None:
    """Render every page of book.pdf as thumbnails on PNG contact sheets (24 pages a sheet) to check the layout."""
    from heilongjiang_newmedia.reporting.proof import contact_sheets

    reports_dir = Path(reports).resolve() if reports else project_root() / "reports"
    source = Path(pdf).resolve() if pdf else reports_dir / "book.pdf"
    out_dir = Path(out).resolve() if out else reports_dir / "proof"
    try:
        sheets = contact_sheets(source, out_dir)
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{len(sheets)} contact sheet(s) of {source} -> {out_dir}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Reports directory (default: reports/).")
@click.option("--yes", is_flag=True, help="Do not ask (required when not on a terminal).")
def clean(out, yes) -> None:
    """Delete a report folder made by hlj-newmedia build (its outputs, cache and scratch runs).

    Only a folder carrying the build's marker and holding nothing but build outputs is removed; anything else is
    refused, naming what was found, and nothing is deleted. Symbolic links are never followed."""
    from filelock import FileLock, Timeout

    from heilongjiang_newmedia.loading.paths import command
    from heilongjiang_newmedia.pipeline.folders import problem_for_clean, remove_report_folder

    folder = Path(os.path.abspath(out)) if out else project_root() / "reports"
    if not os.path.lexists(folder):
        click.echo(f"nothing to clean: {folder}")
        return
    why = problem_for_clean(folder)
    if why:
        click.echo(f"error: not cleaned: {why}. Nothing was deleted.", err=True)
        sys.exit(1)
    if not yes:
        if not sys.stdin.isatty():
            click.echo(f"error: not on a terminal, so not asking: nothing was deleted. To delete {folder}: "
                       f"{command('clean', '--yes', out=folder)}", err=True)
            sys.exit(1)
        if not click.confirm(f"delete the report folder {folder}?"):
            click.echo("nothing was deleted")
            return
    lock = FileLock(str(folder / ".build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        click.echo(f"error: a build is running on {folder}; nothing was deleted", err=True)
        sys.exit(1)
    try:
        left = remove_report_folder(folder)
    finally:
        lock.release()
    if left:
        click.echo(f"removed the build outputs of {folder}; left (not made by the build): {', '.join(left)}", err=True)
        sys.exit(1)
    click.echo(f"removed {folder}")


if __name__ == "__main__":
    main()
