"""Which layout the canvas draws (View → Layout), and the change from one to another."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from engine.drawing.layout import DrawnLayout, relayout
from engine.drawing.layout_names import LAYERED, LAYOUTS, MAX_FREE_NODES
from gui.canvas.layout_motion import LayoutMotion, LayoutWorker
from gui.canvas.pan_caches import drawn_bounds

ANIMATE_MAX = 400  # drawn nodes that glide (a frame ~30 ms at 663, measured); bigger ones jump
SYNC_MAX = 60  # drawn nodes laid out at once on opening (kamada-kawai: 1 s at 111); more: worker


class GraphLayouts:
    """Layout switching mixed into GraphView.

    Needs from its host: ``session`` (for sig_error), ``drawn``/``state`` (the DrawnLayout
    shown), ``nodes`` (the node items), ``edges`` (the EdgeLayer), ``bounds``, ``frame()``,
    ``_build_overview()``, ``_show_message()``/``_hint_at_start()`` and the
    ``sig_layout_changed``/``sig_relaid`` signals; the host calls ``_build_layouts()`` once,
    ``_stop_layout_change()`` before it rebuilds the scene and
    ``_opening_layout()``/``_lay_out_as_chosen()`` around it.
    """

    def _build_layouts(self) -> None:
        self.layout_name = LAYERED
        self._layouts = LayoutWorker(self)
        self._layouts.sig_ready.connect(self._on_layout_ready)
        self._layouts.sig_failed.connect(self._on_layout_failed)
        self._motion = LayoutMotion(self._place, self)
        self._motion.sig_finished.connect(self._settle)
        self._glide_next = False

    def set_layout(self, name: str) -> bool:
        """Draw with the layout ``name`` (one of LAYOUTS); False, with a message, if refused."""
        if name not in LAYOUTS:
            self.session.report(f"Unknown layout {name!r}: choose one of {', '.join(LAYOUTS)}")
            return False
        drawn = self.drawn
        if name != LAYERED and drawn is not None and len(drawn) > MAX_FREE_NODES:
            self.session.report(_too_big(name, len(drawn)))
            self.sig_layout_changed.emit(self.layout_name)  # the menu shows what is drawn
            return False
        self._choose(name)
        if drawn is None:
            return True  # the next graph opens in it
        if drawn.name == name:  # back to what is drawn: drop a layout still on its way
            self._layouts.cancel()
            self._show_message("")
            self._hint_at_start()
        else:
            self._request_layout(glide=True)
        return True

    def finish_layout(self) -> None:
        """Show the layout being computed now, without gliding (headless renders, tests)."""
        self._layouts.finish()
        self._motion.finish()

    def layout_pending(self) -> bool:
        """Whether a layout is being computed or the nodes are still moving."""
        return self._layouts.busy() or self._motion.running()

    def _choose(self, name: str) -> None:
        if name != self.layout_name:
            self.layout_name = name
            self.sig_layout_changed.emit(name)

    def _stop_layout_change(self) -> None:
        """Forget layouts on their way: the scene is rebuilt for another drawn graph."""
        self._motion.stop()
        self._layouts.cancel()

    def _opening_layout(self, layered: DrawnLayout) -> DrawnLayout:
        """A newly drawn graph in the chosen layout if that is quick, else layered for now."""
        name = self.layout_name
        if name == LAYERED:
            return layered
        if len(layered) > MAX_FREE_NODES:
            self.session.report(_too_big(name, len(layered)) + " Drawn layered.")
            self._choose(LAYERED)
            return layered
        if len(layered) > SYNC_MAX:
            return layered  # _lay_out_as_chosen asks the worker
        try:
            return relayout(layered, name)
        except Exception as exc:  # shown, and the graph still drawn: layered
            self.session.report(f"Cannot draw the {name} layout: {exc}")
            self._choose(LAYERED)
            return layered

    def _lay_out_as_chosen(self) -> None:
        """After building the scene: ask the worker for the chosen layout if not drawn yet."""
        if self.drawn is not None and self.drawn.name != self.layout_name:
            self._request_layout(glide=False)

    def _request_layout(self, *, glide: bool) -> None:
        self._glide_next = glide
        self._motion.finish()  # from where the nodes are headed, not from half-way
        self._show_message(f"Laying out {len(self.drawn):,} nodes: {self.layout_name}…")
        self._layouts.request(self.drawn, self.layout_name)

    def _on_layout_ready(self, drawn: DrawnLayout) -> None:
        self._show_message("")
        self._hint_at_start()
        if self.drawn is None or len(drawn) != len(self.drawn):
            return
        start = self.drawn
        self.bounds = _bounds_of(drawn)
        self.scene().setSceneRect(
            self.bounds.united(_bounds_of(start)).adjusted(-200, -200, 200, 200)
        )
        self.frame()  # frame the destination: the nodes glide into the picture
        if self._glide_next and len(drawn) <= ANIMATE_MAX:
            self._motion.start(start, drawn)
        else:
            self._place(drawn)
            self._settle()

    def _on_layout_failed(self, message: str) -> None:
        self._show_message("")
        self._hint_at_start()
        self.session.report(message)
        self._choose(self.drawn.name if self.drawn is not None else LAYERED)

    def _place(self, drawn: DrawnLayout) -> None:
        """Put every item where ``drawn`` says (a frame of the glide, or its end)."""
        self.drawn = self.state.layout = drawn
        for d, (x, y) in enumerate(zip(drawn.x.tolist(), drawn.y.tolist(), strict=True)):
            self.nodes[d].setPos(x, y)
        self.edges.reshape()

    def _settle(self) -> None:
        """The nodes are in place: the overview, bounds and scene follow."""
        self._build_overview()
        self.bounds = drawn_bounds(self.scene())  # not the nodes' whole-pixel bounds
        self.scene().setSceneRect(self.bounds.adjusted(-200, -200, 200, 200))
        self.viewport().update()
        self.sig_relaid.emit()


def _too_big(name: str, drawn: int) -> str:
    return (
        f"The {name} layout handles up to {MAX_FREE_NODES:,} drawn nodes; this graph draws "
        f"{drawn:,}. Collapse groups or focus on a part of it first."
    )


def _bounds_of(drawn: DrawnLayout) -> QRectF:
    """The rectangle the boxes of ``drawn`` cover, with room for badges and edges."""
    left = float((drawn.x - drawn.width / 2).min())
    top = float((drawn.y - drawn.height / 2).min())
    right = float((drawn.x + drawn.width / 2).max())
    bottom = float((drawn.y + drawn.height / 2).max())
    return QRectF(left, top, right - left, bottom - top).adjusted(-8, -20, 8, 20)
