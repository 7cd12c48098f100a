"""Small leaves every floor uses: versions, the month grid, display formatting, colours, limits, atomic file writes and the undo stack."""
