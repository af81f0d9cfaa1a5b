"""The works council pages, one module per subject."""
