"""Record a program as it runs and save its passes: ``python docs/recordings/record.py FILE.py``.

Writes ``FILE.gradstep-rec.json`` beside it, which ``python main.py`` opens (File > Open).
This runs the program in this Python process, under ``observe()``; gradstep itself will run
scripts in a worker process of their own.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, for engine

from engine.sources.program.observe import observe
from engine.sources.program.recording import RECORDING_SUFFIX, save_recording


def main(script: str) -> int:
    """Run ``script`` observed, save its recording, and say what was recorded."""
    path = Path(script)
    with observe(script=path.name) as recorder:  # the path as given: the recording shows it
        runpy.run_path(script, run_name="__main__")
    recording = recorder.recording()
    out = path.with_name(path.stem + RECORDING_SUFFIX)
    save_recording(recording, out)
    problems = sum(len(p.problems) for p in recording.passes)
    print(f"{out}: {len(recording)} pass(es), {problems} problem(s)")
    for error in recording.errors:
        print(f"  {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.splitlines()[0])
    raise SystemExit(main(sys.argv[1]))
