"""The engine: the time grid stepped month by month, the inputs a scenario gives each month, the history run, results, and the tracer behind the model map."""
