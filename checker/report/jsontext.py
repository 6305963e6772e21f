"""JSON text with two-space indentation, as ``json.dumps(value, indent=2, ensure_ascii=False,
allow_nan=False)`` writes it, byte for byte, in about half the time.

With an indent, the standard library encodes in Python, one generator step per value. Here
each container whose items are all plain values (text, numbers, true, false, null, empty
containers) is handed whole to the C encoder, with the line break and indentation of its
depth as the item separator; only the containers that hold other containers are walked in
Python. Reports are mostly such flat containers: a claim, a window, an interval.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _quoted  # the C function where it is built
from typing import Any, Callable

STEP = "  "
_PLAIN = frozenset({str, int, float, bool, type(None)})
_CONTAINERS = frozenset({dict, list, tuple})
_FLAT_ENCODERS: dict[str, Callable[[Any], str]] = {}


def dumps(value: Any) -> str:
    out: list[str] = []
    _write(value, "\n", out)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_quoted(value))
    elif isinstance(value, (dict, list, tuple)):
        if not value:
            out.append("{}" if isinstance(value, dict) else "[]")
        elif _flat(value.values() if isinstance(value, dict) else value):
            inner = newline + STEP
            text = _flat_encoder(inner)(value)
            out.append(text[0] + inner + text[1:-1] + newline + text[-1])
        elif isinstance(value, dict):
            _write_dict(value, newline, out)
        else:
            _write_list(value, newline, out)
    else:
        out.append(_flat_encoder(newline)(value))


def _write_dict(value: dict, newline: str, out: list[str]) -> None:
    inner = newline + STEP
    opener = "{" + inner
    for key, item in value.items():
        out.append(opener + _key(key) + ": ")
        opener = "," + inner
        _write(item, inner, out)
    out.append(newline + "}")


def _write_list(value: list | tuple, newline: str, out: list[str]) -> None:
    inner = newline + STEP
    opener = "[" + inner
    for item in value:
        out.append(opener)
        opener = "," + inner
        _write(item, inner, out)
    out.append(newline + "]")


def _flat(items) -> bool:
    """Whether every item is a plain value or an empty container (written the same on one line)."""
    kinds = set(map(type, items))
    if kinds <= _PLAIN:
        return True
    return kinds <= _PLAIN | _CONTAINERS and not any(item for item in items if type(item) in _CONTAINERS)


def _key(key: Any) -> str:
    """A mapping key as json writes it: text, or a number, true, false or null turned into text."""
    if isinstance(key, str):
        return _quoted(key)
    return _flat_encoder("")({key: 0})[1:-4]  # '{"1": 0}' -> '"1"'


def _flat_encoder(separator_tail: str) -> Callable[[Any], str]:
    """json's C encoder with `separator_tail` (a line break and indentation) after each comma."""
    encoder = _FLAT_ENCODERS.get(separator_tail)
    if encoder is None:
        make = getattr(json.encoder, "c_make_encoder", None)
        if make is not None:
            chunks = make(None, _refuse, _quoted, None, ": ", "," + separator_tail, False, False, False)
            encoder = _FLAT_ENCODERS[separator_tail] = lambda value: "".join(chunks(value, 0))
        else:  # pragma: no cover - a Python built without the _json accelerator
            encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=("," + separator_tail, ": ")).encode
            _FLAT_ENCODERS[separator_tail] = encoder
    return encoder


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
