"""Fuzz the expression parser and the session loader under hypothesis; prints the counts.

Run the full size: ``.venv/bin/python -m tests.soak.fuzz`` (10,000 cases each; ``make fuzz``).
"""

from __future__ import annotations

import argparse
import time

from tests.soak import fuzz_expr, fuzz_session


def main() -> int:
    """Run both fuzzers; a failing property raises with hypothesis's minimal example."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expr", type=int, default=10_000, help="parser cases")
    parser.add_argument("--session", type=int, default=10_000, help="session loader cases")
    args = parser.parse_args()
    for name, module, cases in (
        ("expression parser", fuzz_expr, args.expr),
        ("session loader", fuzz_session, args.session),
    ):
        if cases <= 0:
            continue
        t0 = time.perf_counter()
        counts = module.run(cases)
        total = sum(v for k, v in counts.items() if k not in ("built", "loaded"))
        detail = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        print(f"fuzz {name}: {total:,} cases passed in {time.perf_counter() - t0:.1f} s ({detail})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
