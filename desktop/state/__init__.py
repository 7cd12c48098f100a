"""The live state of a window and what keeps it: the session, settings, autosave, background runs."""
