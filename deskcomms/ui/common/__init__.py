"""Shared by every screen: the palette-following theme, small widgets, and the event and case dialogs."""
