"""Documents built from runs: the briefing's text and the assumptions browser's rows."""
