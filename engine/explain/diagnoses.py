"""Diagnoses of a recorded pass: what the user's backprop algorithm did wrong, and where.

Each problem is tied to the step where it happens (``position``: the timeline position at
which that event is the current one, i.e. its event index + 1), names the node and says
what went wrong in plain words with the numbers. A correct program gets no problem at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.trace.trace import Trace

NOT_SEEDED = "not_seeded"
ORDER = "order"
REPEATED = "repeated"
STALE_GRAD = "stale_grad"
OVERWRITE = "overwrite"
WRONG_DERIVATIVE = "wrong_derivative"
KINDS = (NOT_SEEDED, ORDER, REPEATED, STALE_GRAD, OVERWRITE, WRONG_DERIVATIVE)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the user's backprop did wrong: its kind, the node, the step and why."""

    kind: str
    node: int
    label: str
    position: int
    text: str

    def to_dict(self) -> dict[str, object]:
        """The export form: kind, node (its label), position and text, plus the node's id."""
        return {
            "kind": self.kind,
            "node": self.label,
            "node_id": self.node,
            "position": self.position,
            "text": self.text,
        }


def diagnose(trace: Trace, left_by: Mapping[int, int] | None = None) -> tuple[Problem, ...]:
    """Every problem in ``trace``, in step order.

    ``left_by`` maps a node whose grad was not zero when the pass began to the 1-based
    index of the earlier pass that left it there, where the recorder knows it.
    """
    raise NotImplementedError  # filled in by the next commit
