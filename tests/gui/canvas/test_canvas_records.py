"""The canvas's records: plain classes, no dataclass methods compiled at every launch's import."""

import copy
import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QColor

from gui.canvas.canvas_opening import PreparedCanvas
from gui.canvas.edge_tiles import Tile
from gui.canvas.layout_motion import _Job
from gui.canvas.node_look import NodeLook, node_look
from gui.look.palette import DARK, LIGHT, PALETTES, ROLES, GraphPalette


def test_a_graph_palette_is_a_frozen_value_shown_as_its_dataclass_was():
    assert not dataclasses.is_dataclass(DARK)
    assert copy.copy(DARK) == DARK and hash(copy.copy(DARK)) == hash(DARK)
    assert DARK != LIGHT
    with pytest.raises(dataclasses.FrozenInstanceError):
        DARK.edge = "#000000"
    assert repr(LIGHT).startswith("GraphPalette(name='light', background='#ffffff', node=")
    assert DARK.color("edge") == QColor("#6d727c")
    assert PALETTES["high-contrast"].name == "high-contrast"


def test_a_node_look_has_a_colour_for_every_role_of_its_palette_but_its_name():
    assert GraphPalette.__slots__[1:] == ROLES and "name" not in ROLES
    look = node_look(DARK)
    assert set(look.color) == set(ROLES)
    assert look.color["current"] == QColor(DARK.current)
    assert node_look(copy.copy(DARK)) is look  # one look a palette (an equal one is the same)


def test_node_looks_and_prepared_canvases_are_frozen_and_compared_by_identity():
    look = node_look(LIGHT)
    prepared = PreparedCanvas(None, np.zeros(2), None, None, None, {})
    for record in (look, prepared):
        assert not dataclasses.is_dataclass(record)
        assert copy.copy(record) != record  # identity, as dataclass(eq=False)
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.rule = None
    assert isinstance(look, NodeLook) and prepared.members == {}


def test_tiles_and_layout_jobs_are_plain_classes_with_their_defaults():
    first, second = Tile(), Tile()
    assert not dataclasses.is_dataclass(first)
    assert first.image is None and first.valid.isEmpty()
    assert first.valid is not second.valid  # a region each
    job = _Job(None, "spring")
    assert not dataclasses.is_dataclass(job)
    assert (job.name, job.result, job.error, job.started, job.done.is_set()) == (
        "spring",
        None,
        "",
        False,
        False,
    )
