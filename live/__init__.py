"""Live coverage: a story that the desk updates with timestamped posts for hours, read as it happens."""
