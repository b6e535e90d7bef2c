"""Analysis over a project's codings, Qt-free and without SQL.

The views of issue 12, each returning a :class:`~.results.ResultTable` (or passages): code
frequencies (:mod:`.frequencies`), code matrices by documents, coders, speakers or groups of
documents (:mod:`.matrices`), code co-occurrence (:mod:`.cooccurrence`, swept by
:mod:`.meetings`), code queries (:mod:`.query_parser`, :mod:`.queries`), word frequencies and
keyword in context (:mod:`.words`, :mod:`.kwic`, :mod:`.tokens`, :mod:`.stop_words`), groups of
documents by set or variable (:mod:`.groups`); what they share is in :mod:`.spans`.
Inter-coder agreement (:mod:`.agreement`, :mod:`.agreement_units`), the passages where coders
differ (:mod:`.disagreements`, :mod:`.project_agreement`) and settling them (:mod:`.settle`).
Every module reads a :class:`~glocal_annotator.project.Project` (or plain data), never the store.
"""
