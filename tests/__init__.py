"""The test suite, laid out as the package it tests; helpers are imported as ``tests.<module>``."""
