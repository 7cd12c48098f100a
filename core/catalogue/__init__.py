"""Catalogues: levers, outputs, key figures, model constants, sources and the published figures (anchors), as data; nothing here runs the model."""
