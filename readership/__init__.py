"""What readers do with stories, counted without a database write per reader: Most Read (``popularity``)."""
