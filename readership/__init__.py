"""What readers do with stories, counted first-party: shares through our own share links."""
