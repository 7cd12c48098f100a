"""Features of the main window that own menu commands: analysis, presenter mode, briefing, sharing, bands."""
