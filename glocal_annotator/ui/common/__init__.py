"""Shared by every room of the window: plain-text display, error messages, small dialogs,
file-dialog folders, undo commands and the user's settings."""
