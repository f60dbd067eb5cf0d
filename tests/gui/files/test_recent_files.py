"""The recent-files list: newest first, no duplicates, bounded, remembered, and its menu."""

from PySide6.QtWidgets import QMenu

from gui.files.recent_files import RecentFiles


def test_newest_first_without_duplicates(tmp_path):
    recent = RecentFiles(str(tmp_path / "s.ini"))
    for name in ("a.py", "b.py", "a.py"):
        recent.add(str(tmp_path / name))
    assert recent.paths() == [str(tmp_path / "a.py"), str(tmp_path / "b.py")]


def test_list_is_bounded(tmp_path):
    recent = RecentFiles(str(tmp_path / "s.ini"), limit=3)
    for i in range(5):
        recent.add(str(tmp_path / f"{i}.py"))
    assert [p[-4:] for p in recent.paths()] == ["4.py", "3.py", "2.py"]


def test_remembered_by_a_new_instance_even_with_one_entry(tmp_path):
    RecentFiles(str(tmp_path / "s.ini")).add(str(tmp_path / "only.py"))
    assert RecentFiles(str(tmp_path / "s.ini")).paths() == [str(tmp_path / "only.py")]


def test_corrupt_setting_reads_as_empty(tmp_path):
    ini = tmp_path / "s.ini"
    ini.write_text("[recent]\nfiles=not json\n")
    assert RecentFiles(str(ini)).paths() == []


def test_menu_lists_files_and_opens_the_chosen_one(qtbot, tmp_path):
    recent = RecentFiles(str(tmp_path / "s.ini"))
    recent.add(str(tmp_path / "first.py"))
    recent.add(str(tmp_path / "second.gradstep.json"))
    menu = QMenu()
    opened = []
    recent.fill_menu(menu, opened.append)
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["&1  second.gradstep.json", "&2  first.py", "Clear recent files"]
    menu.actions()[1].trigger()
    assert opened == [str(tmp_path / "first.py")]


def test_clear_empties_the_list_and_disables_the_menu(qtbot, tmp_path):
    recent = RecentFiles(str(tmp_path / "s.ini"))
    recent.add(str(tmp_path / "a.py"))
    with qtbot.waitSignal(recent.sig_changed):
        recent.clear()
    menu = QMenu()
    recent.fill_menu(menu, print)
    assert recent.paths() == []
    assert not menu.isEnabled()


def test_added_soon_it_is_listed_at_once_and_written_at_the_loops_next_turn(qtbot, tmp_path):
    ini = str(tmp_path / "s.ini")
    recent = RecentFiles(ini)
    recent.add(str(tmp_path / "old.py"))
    changed = []
    recent.sig_changed.connect(lambda: changed.append(recent.paths()))
    recent.add_soon(str(tmp_path / "new.py"))
    listed = [str(tmp_path / "new.py"), str(tmp_path / "old.py")]
    assert recent.paths() == listed and changed == [listed]
    assert RecentFiles(ini).paths() == [str(tmp_path / "old.py")]  # not on disk yet
    qtbot.waitUntil(lambda: RecentFiles(ini).paths() == listed)


def test_a_list_added_soon_is_written_by_a_write_or_with_the_next_change(qtbot, tmp_path):
    ini = str(tmp_path / "s.ini")
    recent = RecentFiles(ini)
    recent.add_soon(str(tmp_path / "a.py"))
    recent.write()  # as at quit
    assert RecentFiles(ini).paths() == [str(tmp_path / "a.py")]
    recent.add_soon(str(tmp_path / "b.py"))
    recent.add(str(tmp_path / "c.py"))
    listed = [str(tmp_path / n) for n in ("c.py", "b.py", "a.py")]
    assert RecentFiles(ini).paths() == listed
    qtbot.wait(20)  # the next turn writes nothing over it
    assert RecentFiles(ini).paths() == listed == recent.paths()
