"""``hlj-newmedia``: build chapter reports, list chapters, show a chapter's parameters, clean outputs."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia import paramtypes as PT
from heilongjiang_newmedia.loading.paths import notebooks_dir, project_root


def _fail_params(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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

    Exit status: 0 when every requested chapter built, 1 when any failed, 2 for invalid parameters."""
    from heilongjiang_newmedia.pipeline.runner import Options, Pipeline, build as run_build

    nbdir = Path(notebooks).resolve() if notebooks else notebooks_dir()
    pipeline = None
    try:
        specs = P.select(chapters, notebooks_dir=nbdir)
        file_values = PT.load_yaml(params_file) if params_file else {}
        if data_dir is not None and not Path(data_dir).is_dir():
            raise PT.ParameterError(f"--data-dir {data_dir!r}: directory does not exist")
        out_dir = Path(out).resolve() if out else project_root() / "reports"
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
                                lambda: P.resolve(specs, PT.parse_assignments(assignments), file_values,
                                                  {"lang": lang, "data_dir": data_abs},
                                                  file_label=f"parameter file {params_file}"), defer=True,
                                on_miss=pipeline.warm)  # new parameters: a rebuild is likely
    except ValueError as exc:
        if pipeline is not None:
            pipeline.close()
        _fail_params(exc)
    all_specs = P.existing(notebooks_dir=nbdir)
    try:
        report = run_build(specs, resolved, opts, all_specs, pipeline=pipeline)
    except RuntimeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    n_done = sum(r.status == "done" for r in report.results)
    n_cached = sum(r.status == "cached" for r in report.results)
    if report.ok:
        remember()
        click.echo(f"built {n_done}, cached {n_cached} chapter(s) in {report.seconds:.1f}s -> {out_dir}", err=True)
        if report.book_note:
            click.echo(f"note: {report.book_note}", err=True)
        return
    click.echo(f"\nFAILED: {len(report.failed)} of {len(report.results)} ({n_done} built, {n_cached} cached):", err=True)
    for r in report.failed:
        click.echo(f"  - {r.message}", err=True)
    if report.book_note:
        click.echo(f"  {report.book_note}", err=True)
    sys.exit(1)


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
@click.option("--yes", is_flag=True, help="Do not ask.")
def clean(out, yes) -> None:
    """Delete the reports directory (outputs and cache)."""
    out_dir = Path(out).resolve() if out else project_root() / "reports"
    if not out_dir.exists():
        click.echo(f"nothing to clean: {out_dir}")
        return
    if not yes and sys.stdin.isatty() and not click.confirm(f"delete {out_dir}?"):
        return
    shutil.rmtree(out_dir)
    click.echo(f"removed {out_dir}")


if __name__ == "__main__":
    main()
