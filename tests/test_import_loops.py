"""No import loop among checker's modules, imports inside functions counted too."""

import runpy

from support import REPO


def test_no_module_of_checker_imports_itself_through_others():
    probe = runpy.run_path(str(REPO / "benchmarks" / "import_cycles.py"))
    assert probe["loops"](probe["graph"]()) == []


def test_the_probe_sees_a_loop_when_there_is_one():
    probe = runpy.run_path(str(REPO / "benchmarks" / "import_cycles.py"))
    assert probe["loops"]({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
