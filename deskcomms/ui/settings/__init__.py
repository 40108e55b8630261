"""The profile and settings dialog, built from the settings declarations."""
