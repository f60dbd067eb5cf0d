"""Diagnoses of a recorded pass: what the user's backprop algorithm did wrong, and where.

Each problem is tied to the step where it happens (``position``: the timeline position at
which that event is the current one, i.e. its event index + 1), names the node and says
what went wrong in plain words with the numbers. A correct program gets no problem at all.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from engine.autograd.ops import OpRule, op_rule
from engine.explain.bulk_checks import cleared_steps, last_user_start
from engine.trace.events import BACKWARD, FORWARD
from engine.trace.recorder import CREATE, SEED, STEP, ZERO
from engine.trace.trace import Trace, fmt

NOT_FINITE = "not_finite"
NOT_SEEDED = "not_seeded"
ORDER = "order"
REPEATED = "repeated"
STALE_GRAD = "stale_grad"
OVERWRITE = "overwrite"
WRONG_DERIVATIVE = "wrong_derivative"
Write = tuple[int, float, float, list[float], float]

KINDS = (NOT_FINITE, NOT_SEEDED, ORDER, REPEATED, STALE_GRAD, OVERWRITE, WRONG_DERIVATIVE)


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
    return tuple(sorted(_Diagnosis(trace, left_by or {}).run(), key=lambda p: p.position))


class _Diagnosis:
    """One walk over a pass's backward events, keeping what each check needs."""

    def __init__(self, trace: Trace, left_by: Mapping[int, int]):
        self.t = trace
        self.left_by = left_by
        self.names = trace.names
        self.problems: list[Problem] = []
        self.grad = [0.0 if g is None else g for g in trace.initial_grad]
        # Who last wrote each grad: a node (its _backward) or words (an earlier pass).
        self.writer: dict[int, int | str] = {}
        self.rules: dict[tuple[str, int], OpRule | None] = {}
        self.cleared: list[bool] = []  # per step number: its writes agree, checked at once

    def add(self, kind: str, node: int, event: int, text: str) -> None:
        self.problems.append(Problem(kind, node, self.names[node], event + 1, text))

    def run(self) -> list[Problem]:
        t = self.t
        self._not_finite()
        steps = [i for i in t.phase_range(BACKWARD) if t.kind[i] == STEP]
        if not steps:
            return self.problems
        for i in t.phase_range(BACKWARD):
            if t.kind[i] == ZERO:
                self.grad[t.node[i]] = 0.0
            elif t.kind[i] == SEED:
                self.grad[t.node[i]] = t.seed[1]
            elif t.kind[i] == STEP:
                break
        self._seeding(steps[0])
        self._stale(steps)
        self.cleared = cleared_steps(t, steps, self.grad)
        last_user = last_user_start(t, steps)
        parents: tuple[tuple[int, ...], ...] = ()  # made only for a step found out of order
        ran = [0] * len(t.graph)
        for i in steps:
            v = t.node[i]
            if t.graph.children[v]:
                if ran[v] or last_user[v] > i:
                    parents = parents or t.graph.parents()
                    self._order_and_repeats(i, v, parents[v], ran)
                self._writes(i, v)
            ran[v] += 1
        return self.problems

    def _not_finite(self) -> None:
        """Name where the forward pass first made a value that is not a number (nan, ±inf).

        Only the nodes made so from finite inputs (or holding it from the start): everything
        computed from one is not a number either, and naming those would bury the cause.
        """
        t, data, names = self.t, self.t.initial_data, self.names
        if all(map(math.isfinite, data)):  # the usual case, at C speed (moons: 65,818 nodes)
            return
        made = {t.node[i]: i for i in t.phase_range(FORWARD) if t.kind[i] == CREATE}
        first = t.phase_range(FORWARD).start
        root = t.graph.root
        for v, x in enumerate(data):
            children = t.graph.children[v]
            if math.isfinite(x) or not self._numbers(children):
                continue
            if children:
                inputs = ", ".join(f"{names[c]} = {fmt(data[c])}" for c in children)
                head = f"{names[v]} [{t.graph.ops[v]}] of {inputs} is {fmt(x)}"
            else:
                head = f"{names[v]} holds {fmt(x)} from the start"
            if v == root:
                why = "the loss is not a number to train with"
            else:
                why = (
                    "not a number, nor is anything computed from it: the loss "
                    f"{names[root]} is {fmt(data[root])}"
                )
            self.add(NOT_FINITE, v, made.get(v, first), f"{head}: {why}")

    def _seeding(self, first: int) -> None:
        root = self.t.graph.root
        g = self.grad[root]
        if g == 1.0:
            return
        name = self.names[root]
        self.add(
            NOT_SEEDED,
            root,
            first,
            f"{name}.grad was {fmt(g)} when the first _backward ran "
            f"({self.names[self.t.node[first]]}._backward()), not 1.0: backward() never set "
            f"{name}.grad = 1.0, so every grad pushed from it is {fmt(g)} times too "
            "large" + (" (all zero)" if g == 0.0 else ""),
        )

    def _stale(self, steps: list[int]) -> None:
        t, root = self.t, self.t.graph.root
        first_write: dict[int, int] = {}
        for i in steps:
            for c in t.graph.children[t.node[i]]:
                first_write.setdefault(c, i)
        for v, g in enumerate(self.grad):
            if v == root or g == 0.0:
                continue
            where = (
                f"left by pass {self.left_by[v]}, which ran before it"
                if v in self.left_by
                else "left over from code that ran before this pass"
            )
            self.writer[v] = f"pass {self.left_by[v]}" if v in self.left_by else "before this pass"
            self.add(
                STALE_GRAD,
                v,
                first_write.get(v, steps[0]),
                f"{self.names[v]}.grad was {fmt(g)} when this pass began, not 0 ({where}): "
                "this pass adds its grads on top; zero the grads before calling backward()",
            )

    def _order_and_repeats(self, i: int, v: int, users: tuple[int, ...], ran: list[int]) -> None:
        name = self.names[v]
        if ran[v]:
            self.add(
                REPEATED,
                v,
                i,
                f"{name}._backward() ran again (call {ran[v] + 1} in this pass): it pushes "
                f"{name}.grad = {fmt(self._out_grad(i))} into its inputs a second time",
            )
        waiting = [u for u in users if not ran[u]]
        if waiting:
            shown = ", ".join(self.names[u] for u in waiting[:4])
            more = f" and {len(waiting) - 4} more" if len(waiting) > 4 else ""
            self.add(
                ORDER,
                v,
                i,
                f"{name}._backward() ran before {shown}{more} (which use {name}) had pushed "
                f"their grads into it: it used {name}.grad = {fmt(self._out_grad(i))}, "
                "not its final value (walk topo in reverse)",
            )

    def _out_grad(self, i: int) -> float:
        g = self.t.step_grad[self.t.arg[i]]
        return 0.0 if g is None else g

    def _writes(self, i: int, v: int) -> None:
        """Compare what the call wrote with local derivative × out.grad, child by child."""
        t = self.t
        kids = t.graph.children[v]
        lo = t.step_start[t.arg[i]]
        key = (t.graph.ops[v], len(kids))
        if key not in self.rules:
            self.rules[key] = op_rule(*key)
        rule = self.rules[key]
        # Where the node or an input is not a number no derivative can be judged (nan
        # compares with nothing): the not_finite problem names where that began
        if rule is not None and not self.cleared[t.arg[i]] and self._numbers((v, *kids)):
            data = [t.initial_data[c] for c in kids]
            local = rule.local_floats(data, t.initial_data[v])
            if len(set(kids)) == len(kids):
                self._distinct_writes(i, v, lo, local)
            else:
                self._repeated_child_writes(i, v, lo, local)
        grad, writer = self.grad, self.writer
        for j in range(lo, lo + len(kids)):
            c = t.w_child[j]
            grad[c] = t.w_after[j]
            writer[c] = v

    def _numbers(self, nodes: tuple[int, ...]) -> bool:
        """Whether every one of ``nodes`` holds a number (its data not nan or ±inf)."""
        data = self.t.initial_data
        return all(math.isfinite(data[c]) for c in nodes)

    def _distinct_writes(self, i: int, v: int, lo: int, local: tuple[float, ...]) -> None:
        t, g = self.t, self._out_grad(i)
        for pos, d in enumerate(local):
            j = lo + pos
            c, b, a = t.w_child[j], t.w_before[j], t.w_after[j]
            before = self.grad[c] if b is None else b
            share = d * g
            want = before + share
            if a == want or abs(a - want) <= 1e-7 * max(1.0, abs(want), abs(before), abs(share)):
                continue  # the common case, decided without building anything
            self._check_write(i, v, (c, before, a, [share], d))

    def _repeated_child_writes(self, i: int, v: int, lo: int, local: tuple[float, ...]) -> None:
        t = self.t
        kids = t.graph.children[v]
        befores: dict[int, float] = {}
        afters: dict[int, float] = {}
        for j in range(lo, lo + len(kids)):
            c = t.w_child[j]
            b = t.w_before[j]
            befores.setdefault(c, self.grad[c] if b is None else b)
            afters[c] = t.w_after[j]
        shares: dict[int, list[float]] = {}
        for c, d in zip(kids, local, strict=True):
            shares.setdefault(c, []).append(d * self._out_grad(i))
        for c, parts in shares.items():
            self._check_write(i, v, (c, befores[c], afters[c], parts, local[kids.index(c)]))

    def _check_write(self, i: int, v: int, write: Write) -> None:
        """One child's write: (child, grad before, after, expected shares, local derivative)."""
        c, before, after, parts, d = write
        want = before + sum(parts)
        scale = max(1.0, abs(before), abs(after), sum(abs(p) for p in parts))
        if _agrees(after, want, scale):
            return
        names, op = self.names, self.t.graph.ops[v]
        head = f"{names[v]}._backward() [{op}] set {names[c]}.grad to {fmt(after)}"
        by = self.writer.get(c, "an earlier _backward")
        lost_from = f"{names[by]}._backward()" if isinstance(by, int) else by
        if before != 0.0 and math.isfinite(after) and _agrees(after, sum(parts), scale):
            self.add(
                OVERWRITE,
                c,
                i,
                f"{head} with = where += belongs: the {fmt(before)} it already held (from "
                f"{lost_from}) was lost; it should be {fmt(before)} + {fmt(sum(parts))} = "
                f"{fmt(want)}",
            )
            return
        if len(parts) > 1 and any(_agrees(after, before + p, scale) for p in parts):
            lost = want - after
            self.add(
                OVERWRITE,
                c,
                i,
                f"{head} with = where += belongs: {names[c]} is used {len(parts)} times by "
                f"{names[v]}, and the contribution {fmt(lost)} of the other use was lost; it "
                f"should be {fmt(want)}",
            )
            return
        self.add(
            WRONG_DERIVATIVE,
            c,
            i,
            f"{head}, but {names[c]}.grad {fmt(before)} + local derivative {fmt(d)} × "
            f"{names[v]}.grad {fmt(self._out_grad(i))} = {fmt(want)}"
            + ("" if math.isfinite(after) else f": {fmt(after)} is not a number to train with"),
        )


def _agrees(got: float, want: float, scale: float) -> bool:
    if got == want or (math.isnan(got) and math.isnan(want)):
        return True
    if not (math.isfinite(got) and math.isfinite(want)):
        return False
    return abs(got - want) <= 1e-7 * scale
