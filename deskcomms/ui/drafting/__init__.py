"""Drafting: the draft panel (template, editable text, readiness, copy) and the rich clipboard."""
