"""No function in checker/ over 80 lines (the developers' guide): a long function does several jobs."""

import ast

from support import REPO

LIMIT = 80
# Being split by its owner (the extraction area); remove once it is.
KNOWN = {"checker/extract/numbers.py::_read_atoms"}


def long_functions(source: str, name: str) -> list[str]:
    """`name::function (N lines)` for each function of `source` over the limit."""
    return [
        f"{name}::{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > LIMIT
    ]


def test_no_function_in_checker_is_over_80_lines():
    found = []
    for path in sorted((REPO / "checker").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        found += [f for f in long_functions(path.read_text(encoding="utf-8"), name) if f.split(" (")[0] not in KNOWN]
    assert found == []


def test_the_probe_sees_a_function_over_80_lines():
    body = "".join(f"    x{i} = {i}\n" for i in range(LIMIT))
    assert long_functions("def short():\n    pass\n\ndef long():\n" + body, "m.py") == [f"m.py::long ({LIMIT + 1} lines)"]
