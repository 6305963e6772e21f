"""Why the gate did not understand a figure (facts; the renderers word them)."""

UNRESOLVED_METRIC = "metric"  # no metric alias matched the words around it
LOW_CONFIDENCE = "confidence"  # the extraction's confidence is below the threshold
REFUSED = "refused"  # the claims loader refused it (its unit or window); detail: the message
AMBIGUOUS = "ambiguous"  # another figure of its sentence has the same metric and window, and a value that cannot also hold
UNIT = "unit"  # its unit does not convert to the metric's; detail: the unit
SCOPE = "scope"  # its words name two scopes of its metric; detail: the scopes
SEPARATOR = "separator"  # printed like 1.193 or 49.566: the dot may separate thousands or decimals
WINDOW = "window"  # the extractor alone guessed its window and only under it would it conflict; detail: the guessed window
GUESSES = "guesses"  # two parts of its reading were guessed and only under them would it conflict; detail: which ("window, scope")
