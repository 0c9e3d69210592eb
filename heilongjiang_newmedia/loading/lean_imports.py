"""Keep the build processes from paying for an import they never use.

``nbformat`` (used by papermill and nbconvert) imports ``jsonschema``, whose format-checker module eagerly imports
``rfc3987_syntax`` when it is installed (it comes with ``jsonschema[format-nongpl]``, a JupyterLab dependency).
That module compiles about 35 Earley parsers at import time: about 1 s of CPU per process, for the ``iri`` and
``iri-reference`` formats that no notebook schema uses and that nbformat does not check anyway
(upstream: python-jsonschema/jsonschema#1428; opendatahub-io/notebooks#3532). The build's own processes mark
the module as unavailable before nbformat is imported; ``jsonschema`` then simply registers no checker for those
two formats. The data-table validation does the same before it first imports frictionless (:mod:`.validation`),
since frictionless imports jsonschema too and no table schema uses those formats: so every process that loads a
table skips it (the build's processes and kernels, ``python -m heilongjiang_newmedia.paramdocs``, a researcher's
kernel that has not imported jsonschema yet — there jsonschema then checks no ``iri`` format, which nothing in the
project uses). Where jsonschema was imported first, nothing changes.
"""
from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make the modules in ``SKIPPED`` unimportable in this process (no-op when one is already imported)."""
    for name in SKIPPED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None in sys.modules = ModuleNotFoundError
