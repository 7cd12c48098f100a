"""Write every file generated from the code, or check that each is fresh.

    python -m core.build           # write the stale ones
    python -m core.build --check   # exit 1 naming each stale file, 0 when all are fresh

One command for all of them, so a change to a block, a constant, a lever or the scenario
format is never committed with one generated file left behind. The files are written into
the source tree this package was imported from.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.analysis import fit
from core.analysis.bounds import bounds_markdown
from core.engine.flat import reads_module, written_module
from core.formats.scenario import json_schema
from core.model.docs import model_markdown

ROOT = Path(__file__).resolve().parents[1]


def schema_text() -> str:
    """scenarios/schema.json: the published scenario format."""
    return json.dumps(json_schema(), indent=2) + "\n"


# each generated file (relative to the project root) and the function that writes its text;
# the calibration fit first: the constants, and so every file after it, read its values
GENERATED: dict[str, Callable[[], str]] = {
    fit.FIT_PATH: fit.fit_text,
    "core/model/reads.py": reads_module,
    "core/engine/month_loop.py": written_module,
    "docs/model.md": model_markdown,
    "docs/bounds.md": bounds_markdown,
    "scenarios/schema.json": schema_text,
}
# files judged by the digest they carry, not by rewriting them: the fit takes seconds, and
# its last digits may differ between machines while what it was made from has not changed
DIGESTED: dict[str, Callable[[Path], bool]] = {
    fit.FIT_PATH: lambda root: fit.committed_digest(root) == fit.fit_digest(),
}


def stale_files(root: Path = ROOT) -> dict[str, str]:
    """The generated files under ``root`` whose text differs from what the code writes now
    (a missing file is stale), each with its new text."""
    stale = {}
    for relative, write in GENERATED.items():
        path = root / relative
        if relative in DIGESTED:
            if not DIGESTED[relative](root):
                stale[relative] = write()
            continue
        text = write()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale[relative] = text
    return stale


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.build", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 naming each stale file")
    arguments = parser.parse_args(argv)
    stale = stale_files(root)
    if arguments.check:
        for relative in stale:
            print(f"stale: {relative} (run `python -m core.build`)", file=sys.stderr)
        if not stale:
            print(f"all {len(GENERATED)} generated files are fresh")
        return 1 if stale else 0
    for relative, text in stale.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {relative}")
    if not stale:
        print(f"all {len(GENERATED)} generated files were fresh")
    elif root == ROOT and any(relative.endswith(".py") or relative in DIGESTED
                              for relative in stale):
        # the docs are written from the modules this run imported before it rewrote them
        # (core/model/reads.py), the month loop from the constants before the fit moved
        # them: a fresh interpreter writes what depends on the new ones
        return subprocess.run([sys.executable, "-m", "core.build"], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
