"""Model blocks: one module per block (power, chips, compute, regulation, adoption,
economics), each mapping arrays of shape (months, samples) to arrays of the same shape."""
