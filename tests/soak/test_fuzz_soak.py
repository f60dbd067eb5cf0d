"""CI-sized fuzzing of the parser and the session loader (10,000 each is ``make fuzz``)."""

from __future__ import annotations

import pytest

from engine.sources.expr import build_expression
from engine.sources.session_file import load_session
from tests.soak import fuzz_expr, fuzz_session


def test_parser_builds_or_reports_a_positioned_error_and_matches_the_oracle():
    counts = fuzz_expr.run(300)
    assert sum(counts[k] for k in ("text", "soup", "program")) == 300
    assert counts["built"] > 50


def test_session_loader_round_trips_or_raises_session_file_error():
    counts = fuzz_session.run(300)
    assert sum(v for k, v in counts.items() if k != "loaded") == 300
    assert counts["loaded"] > 30


def test_parser_fuzz_notices_a_foreign_exception(monkeypatch):
    def fragile(text: str):
        if "/" in text:
            raise ZeroDivisionError("leaked")
        return build_expression(text)

    monkeypatch.setattr(fuzz_expr, "build_expression", fragile)
    with pytest.raises(ZeroDivisionError):
        fuzz_expr.run(300, shrink=False)


def test_session_fuzz_notices_a_foreign_exception(monkeypatch):
    def fragile(path):
        if b'"lr": null' in path.read_bytes():
            raise KeyError("leaked")
        return load_session(path)

    monkeypatch.setattr(fuzz_session, "load_session", fragile)
    with pytest.raises(KeyError):
        fuzz_session.run(300, shrink=False)
