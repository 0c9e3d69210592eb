"""A chapter that reads another's findings starts executing as soon as that chapter has *executed*, while it is
still being rendered (issue 22: the one-parameter rebuild), and is committed only after it: if the dependency then
fails to render, the dependant is not committed either and the last good outputs of both stay.

The scheduler (:func:`.schedule.build_chapters`) is driven with a stand-in for the build's pipeline, so the order of
events is set by the test, not by timing."""
import json
import threading
from concurrent.futures import Future
from pathlib import Path

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia.loading.paths import notebooks_dir
from heilongjiang_newmedia.pipeline import journal
from heilongjiang_newmedia.pipeline.options import Options
from heilongjiang_newmedia.pipeline.schedule import build_chapters

FINDINGS = {"findings": {"order": {"value": ["P1", "P3"]}}}


class StandIn:
    """What build_chapters uses of a Pipeline. 06 executes at once and renders when the test says; 07 executes and
    renders at once, recording what it was given of 06's findings and whether 06 had finished rendering."""

    def __init__(self, root: Path, render_06_ok: bool):
        self.root, self.render_06_ok = root, render_06_ok
        self.lock, self.expect, self.board = threading.Lock(), 0, None
        self.seen: dict = {}
        self.fut06: Future | None = None

    def warm(self):
        pass

    def _staging(self, stem: str) -> Path:
        staging = self.root / ".staging" / stem
        (staging / "findings").mkdir(parents=True)
        (staging / "findings" / f"{stem}.json").write_text(json.dumps(FINDINGS), encoding="utf-8")
        return staging

    def submit(self, task):
        fut: Future = Future()
        fut.executed = Future()
        staging = self._staging(task["stem"])
        result = {"ok": True, "staging": str(staging), "timings": {}, "data_files": [], "date": "2021-01-01"}
        if task["stem"] == "06_countermeasures":
            self.fut06 = fut
            fut.executed.set_result(str(staging))  # executed; rendering continues in the background

            def render():
                fut.set_result(result if self.render_06_ok else {**result, "ok": False,
                                                                  "message": "chapter 06: table too wide"})

            self.renderer = threading.Timer(0.3, render)
            self.renderer.start()
        else:
            self.seen = {"findings": task["dep_findings"]["06_countermeasures"],
                         "06 rendered": self.fut06.done()}
            fut.executed.set_result(str(staging))
            fut.set_result(result)
        return fut


def _build(tmp_path, render_06_ok):
    out = tmp_path / "reports"
    (out / "findings").mkdir(parents=True)
    old = b'{"findings": {}}'
    for stem in ("06_countermeasures", "07_conclusion"):
        (out / "findings" / f"{stem}.json").write_bytes(old)
    specs = P.select(["6", "7"])
    params = P.resolve(specs)
    opts = Options(out=out, notebooks_dir=notebooks_dir(), jobs=2, force=True)
    stand_in = StandIn(out, render_06_ok)
    results = build_chapters(specs, params, opts, progress=lambda *a: None, pipeline=stand_in,
                             order=[s.stem for s in specs])
    return {r.stem: r for r in results}, stand_in, out, old


def test_the_dependant_executes_on_findings_of_a_chapter_still_rendering(tmp_path):
    results, stand_in, out, _ = _build(tmp_path, render_06_ok=True)
    assert stand_in.seen["06 rendered"] is False  # 07 started before 06 was rendered and committed
    assert json.loads(stand_in.seen["findings"]) == FINDINGS  # ... on the findings 06 recorded
    assert {s: r.status for s, r in results.items()} == {"06_countermeasures": "done", "07_conclusion": "done"}
    assert json.loads((out / "findings" / "06_countermeasures.json").read_text(encoding="utf-8")) == FINDINGS
    record = json.loads((out / ".cache" / "07_conclusion.json").read_text(encoding="utf-8"))
    assert record["parts"]  # committed with its cache key, which covers the findings it read


def test_when_the_dependency_fails_to_render_the_dependant_is_not_committed(tmp_path):
    results, stand_in, out, old = _build(tmp_path, render_06_ok=False)
    assert stand_in.seen["06 rendered"] is False
    assert results["06_countermeasures"].status == "failed"
    assert results["07_conclusion"].status == "failed"
    assert "not built because 06_countermeasures failed" in results["07_conclusion"].message
    for stem in ("06_countermeasures", "07_conclusion"):  # the last good outputs stay
        assert (out / "findings" / f"{stem}.json").read_bytes() == old
        assert not (out / ".cache" / f"{stem}.json").exists()
    journal.wait_removals()  # staging folders are deleted in the background; the runner waits before it ends
    assert not any((out / ".staging").iterdir())  # both stagings cleaned up
