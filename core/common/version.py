"""Which release of the app and which version of the model produced a result or a file.

The model version changes whenever the equations change what a lever means or what the
figures are, so a saved file or a CSV can say which model its numbers came from.
"""

APP_VERSION = "0.2.0"
MODEL_VERSION = 3
