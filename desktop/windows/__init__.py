"""The windows and non-modal dialogs a feature opens beside the main window."""
