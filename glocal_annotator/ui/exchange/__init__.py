"""Documents in and reports out: the import job and its encoding question, the Export menu and
its option dialogs."""
