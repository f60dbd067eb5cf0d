"""The event columns of one pass being recorded, shared by the watchers that fill them."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.trace.events import GradWrite


@dataclass
class PassColumns:
    """A Trace's columns while a pass is recorded (see engine.trace.trace.Trace)."""

    kind: list[int] = field(default_factory=list)
    node: list[int] = field(default_factory=list)
    arg: list[int] = field(default_factory=list)
    step_start: list[int] = field(default_factory=lambda: [0])
    step_grad: list[float | None] = field(default_factory=list)
    w_child: list[int] = field(default_factory=list)
    w_before: list[float | None] = field(default_factory=list)
    w_after: list[float] = field(default_factory=list)
    stray: dict[int, tuple[GradWrite, ...]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, kind: int, node: int, arg: int) -> int:
        """Append one event; return its index."""
        self.kind.append(kind)
        self.node.append(node)
        self.arg.append(arg)
        return len(self.kind) - 1

    def __len__(self) -> int:
        return len(self.kind)
