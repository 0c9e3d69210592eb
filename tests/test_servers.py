"""The build's warm servers start as they should. Each has a fallback (a plain kernel per chapter, rendering in the
build process), so a server that cannot start does not fail a build: it only makes it slower, which no other test
would notice. A syntax error in the kernel preload once did exactly that."""
import os
import subprocess
import sys

import pytest

from heilongjiang_newmedia.loading.paths import notebooks_dir
from heilongjiang_newmedia.pipeline import kernels


@pytest.mark.build  # starts the build's kernel server
def test_the_kernel_fork_server_starts_and_preloads():
    zygote = kernels.Zygote.start(notebooks_dir(), timeout=120)
    try:
        assert zygote is not None, "the kernel fork server did not start: every chapter would run in a cold kernel"
        assert zygote.alive()
    finally:
        if zygote:
            zygote.stop()


def _preloaded(env_extra: dict) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != kernels.WARM_VALIDATION_ENV}
    code = ("import sys, heilongjiang_newmedia.pipeline.preload; "
            "print(' '.join(m for m in ('pandas', 'seaborn', 'frictionless') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**env, **env_extra},
                       timeout=120)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def test_the_table_validator_is_warmed_only_for_a_build_on_a_data_folder():
    """Bundled tables match their recorded hashes and are not validated again, so kernels of a build on them never
    use frictionless (0.6 s to import); a build with --data-dir validates the researcher's tables in every kernel."""
    assert _preloaded({}) == {"pandas", "seaborn"}
    assert _preloaded({kernels.WARM_VALIDATION_ENV: "1"}) == {"pandas", "seaborn", "frictionless"}
