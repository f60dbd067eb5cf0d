"""What observing the user's own program costs: their run recorded vs the same run alone.

Two workloads, in one process, rounds alternating observed and unobserved:
- micrograd 0.1.0's moons demo, one full-batch step as its notebook writes it (MLP(2, [16,
  16, 1]), SVM max-margin loss + 1e-4 L2, its own ``zero_grad``/``backward``/update; about
  65,000 Values). Observed = the same step inside ``observe()`` plus ``recording()``
  (graph freezing, trace, diagnoses): everything a user waits for.
- the lecture's 20-step MLP(3, [4, 4, 1]) training loop with seed 000's Value class,
  recorded as 20 passes (same inclusions).
Each step starts after a garbage collection, so neither side pays for the other's cycles,
and only the last recording is kept (as in the worker, which sends one and exits), so the
heap each collection walks does not grow round by round.
Run: ``.venv/bin/python tests/benchmarks/program_recording.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_speed import graph_size, micrograd_moons  # noqa: E402

from engine.sources.program.observe import observe  # noqa: E402
from tests.engine.sources.program.programs import lecture_value, training_loop  # noqa: E402


def _distribution(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered) * 1e3:8.1f} ms   p90 {p90 * 1e3:8.1f}   "
        f"min {ordered[0] * 1e3:8.1f}   max {ordered[-1] * 1e3:8.1f}   (n={len(ordered)})"
    )


def _timed(body) -> float:
    gc.collect()
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def moons(repeats: int) -> None:
    """One moons step, observed vs alone, alternating."""
    step = micrograd_moons()
    values = graph_size(step())  # warm-up, and the size of what is recorded
    alone, observed, passes = [], [], []

    def recorded() -> None:
        with observe() as recorder:
            step()
        passes[:] = [recorder.recording()]

    for _ in range(repeats):
        alone.append(_timed(step))
        observed.append(_timed(recorded))
    print(f"micrograd moons demo, one full-batch step ({values:,} Values)")
    print(f"  unobserved  {_distribution(alone)}")
    print(f"  observed    {_distribution(observed)}")
    ratio = statistics.median(observed) / statistics.median(alone)
    print(f"  observed / unobserved (medians): {ratio:.2f}x   (target <= 5x)")
    rounds = "  ".join(f"{o / a:.2f}" for o, a in zip(observed, alone, strict=True))
    print(f"  observed / unobserved per round: {rounds}")
    last = passes[-1].passes[-1]
    print(
        f"  last pass: {last.nodes:,} nodes, {len(last.trace):,} events, problems {len(last.problems)}"
    )


def lecture_loop(repeats: int) -> None:
    """The lecture's 20-step training loop recorded as 20 passes."""
    source = lecture_value() + training_loop(20)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lecture.py"
        path.write_text(source, encoding="utf-8")
        code = compile(source, str(path), "exec")
        alone, observed = [], []

        def plain() -> None:
            exec(code, {"__name__": "__main__"})

        def recorded() -> None:
            with observe() as recorder:
                exec(code, {"__name__": "__main__"})
            assert len(recorder.recording()) == 20

        for _ in range(repeats):
            alone.append(_timed(plain))
            observed.append(_timed(recorded))
    print("lecture MLP(3,[4,4,1]) training loop, 20 passes")
    print(f"  unobserved  {_distribution(alone)}")
    print(f"  observed    {_distribution(observed)}   (target <= 2 s)")


def main() -> None:
    """Run both workloads and print the distributions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    moons(args.repeats)
    lecture_loop(args.repeats)


if __name__ == "__main__":
    main()
