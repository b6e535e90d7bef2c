"""The Team menu: merging a colleague's copy, blind coding, inter-coder agreement and settling
disagreements (issue 11, "Team work")."""
