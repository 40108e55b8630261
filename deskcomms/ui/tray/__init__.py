"""Reminders: the tray icon, the notification backends and the timer that decides when to remind."""
