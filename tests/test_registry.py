"""Every check module is registered, documented and has a valid default severity."""

import pkgutil

import checker.checks as checks_package
from checker.checks import REGISTRY
from checker.model import METRIC_KINDS, SEVERITY_CHOICES

HELPERS = {"common", "relation_common"}


def test_every_check_module_is_registered():
    modules = {m.name for m in pkgutil.iter_modules(checks_package.__path__)} - HELPERS
    assert {module.__name__.rsplit(".", 1)[-1] for module in REGISTRY.values()} == modules


def test_every_check_is_documented():
    for check_id, module in REGISTRY.items():
        doc = module.__doc__ or ""
        assert doc.startswith(f"{check_id}: "), check_id
        assert "Passes:" in doc and "Fails:" in doc, check_id
        assert module.ID == check_id == module.__name__.rsplit(".", 1)[-1].replace("_", "-")
        assert module.DEFAULT_SEVERITY in SEVERITY_CHOICES
        assert set(module.KINDS) <= set(METRIC_KINDS)
