"""Analysis over a project's codings, Qt-free and without SQL: inter-coder agreement
(:mod:`.agreement`, :mod:`.agreement_units`), the passages where coders differ
(:mod:`.disagreements`), and reading them from an open project (:mod:`.project_agreement`).
It reads a :class:`~glocal_annotator.project.Project` or plain
:class:`~glocal_annotator.model.Coding` lists, never the store."""
