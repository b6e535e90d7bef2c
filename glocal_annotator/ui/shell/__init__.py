"""The shell around the rooms: the application, the main window, menus, welcome page, settings
dialog, the start checks (preflight, start check), window fitting, the project file watch
and the listener that keeps every view in step with the project."""
