"""The app's frame: starting Qt, the main window and its remembered layout, one instance per data folder,
unexpected errors, the shared session, and recovery from a damaged database."""
