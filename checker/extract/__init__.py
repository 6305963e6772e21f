"""Turn article text into draft claims: figures, qualifiers, units, time windows and metrics.

The public entry points are :func:`extract_text`, :func:`draft_claims_document` and
:func:`run_extract` (the engine behind ``checker extract``).
"""

from checker.extract.pipeline import ExtractError, Extractor, draft_claims_document, extract_text, run_extract

__all__ = ["ExtractError", "Extractor", "draft_claims_document", "extract_text", "run_extract"]
