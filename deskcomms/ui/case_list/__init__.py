"""The case list: the table model over the cached case rows, and computing them off the GUI thread."""
