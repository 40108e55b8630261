"""The Qt desktop app. Imported only when a window is needed."""
