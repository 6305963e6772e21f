"""The pre-publication gate: a draft's figures against the corpus, one verdict per figure.

`run_gate` is the entry point of ``checker gate``; `checker.gate.verdicts` says what each
verdict means and `checker.gate.support` what makes a corpus claim comparable.
"""

from checker.gate.run import MIN_CONFIDENCE, DraftGate, GateResult, gate_exit_code, run_gate
from checker.gate.verdicts import CONFLICT, CONSISTENT, NEW, NOT_UNDERSTOOD, Verdict

__all__ = ["CONFLICT", "CONSISTENT", "MIN_CONFIDENCE", "NEW", "NOT_UNDERSTOOD", "DraftGate", "GateResult", "Verdict", "gate_exit_code", "run_gate"]
