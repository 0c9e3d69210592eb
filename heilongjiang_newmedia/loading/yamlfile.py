"""The package's own YAML files (labels, wording tables, declarations), read with libyaml's C loader when PyYAML
has it (about 20x faster than the pure-Python loader: the chapters read a dozen such files each), the same safe
subset of YAML either way. Files a researcher writes (parameter files, survey codebooks) are read with
``yaml.safe_load``, whose error messages point at the line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path) -> Any:
    """The data of the UTF-8 YAML file ``path`` (safe subset: mappings, lists, strings, numbers, dates)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
