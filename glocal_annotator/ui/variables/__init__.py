"""The documents' variables, document sets and speakers: the Document menu's dialogs and the
documents list's set menu."""
