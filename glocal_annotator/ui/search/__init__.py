"""Search in the open document or the project, and autocoding the results."""
