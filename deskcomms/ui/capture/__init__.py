"""Capturing emails: the preview dialog, and emails dropped on the window or pasted."""
