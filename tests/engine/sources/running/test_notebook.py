"""A notebook's code cells read as Python: IPython-only lines skipped, line numbers kept."""

import json

import pytest

from engine.sources.running.notebook import NotebookError, notebook_cells, read_notebook


def notebook(*cells, markdown=("# Title",)):
    """A notebook's nbformat 4 data: markdown cells first, then the code cells given as text."""
    md = [{"cell_type": "markdown", "metadata": {}, "source": [m]} for m in markdown]
    code = [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": text.splitlines(keepends=True),
        }
        for text in cells
    ]
    return {"cells": md + code, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_code_cells_come_in_order_numbered_from_one_without_markdown():
    cells = notebook_cells(notebook("a = 1", "b = a + 1\nprint(b)"))
    assert [(c.number, c.source) for c in cells] == [(1, "a = 1"), (2, "b = a + 1\nprint(b)")]


def test_magics_shell_and_help_lines_become_pass_keeping_line_numbers():
    source = (
        "%matplotlib inline\n"
        "!pip install micrograd\n"
        "files = !ls\n"
        "for i in range(2):\n"
        "    %time x = i\n"
        "len?\n"
        "y = 10 % 3\n"
        "z = y != 1"
    )
    (cell,) = notebook_cells(notebook(source))
    lines = cell.source.split("\n")
    assert lines[:6] == ["pass", "pass", "pass", "for i in range(2):", "    pass", "pass"]
    assert lines[6:] == ["y = 10 % 3", "z = y != 1"]  # Python that merely contains % or !
    assert cell.skipped == (
        "%matplotlib inline",
        "!pip install micrograd",
        "files = !ls",
        "%time x = i",
        "len?",
    )
    compile(cell.source, "cell", "exec")


def test_a_timing_cell_magic_runs_its_body_and_another_cell_magic_is_skipped():
    timed, bash = notebook_cells(notebook("%%time\nx = 1\ny = 2", "%%bash\necho hi"))
    assert timed.source.split("\n") == ["", "x = 1", "y = 2"] and not timed.skipped_whole
    assert bash.skipped_whole and bash.skipped == ("%%bash",)


def test_an_nbformat_3_notebook_is_read(tmp_path):
    data = {"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": ["a = 1"]}]}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [c.source for c in read_notebook(path)] == ["a = 1"]


def test_a_file_that_is_not_a_notebook_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(NotebookError, match="not JSON"):
        read_notebook(path)
    with pytest.raises(NotebookError, match="no list of cells"):
        notebook_cells({"metadata": {}})
