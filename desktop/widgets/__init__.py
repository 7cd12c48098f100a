"""The main window's widgets: plots, key-figure cards, the lever and events panels, shared controls and the export of data and figures."""
