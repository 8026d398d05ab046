"""What readers read, counted without a database write per reader: Most Read (``popularity``)."""
