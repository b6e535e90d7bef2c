"""Variables and document sets in .qdpx: written typed and valid against Project.xsd, read back
identical (GUIDs, types, choices, values, sets), synced and merged without losing ours, and
MAXQDA's nameless cases carrying each source's variables imported as variables."""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.project import Project
from glocal_annotator.project_exchange import import_qdpx
from glocal_annotator.project_merge import merge_project
from glocal_annotator.refi.safe_xml import parse_xml
from tests.projects import add_text, empty_project
from tests.refi.qdpx_helpers import qde, validate_qdpx, write_archive

NS = "{urn:QDA-XML:project:1.0}"
G = [f"22222222-2222-4222-8222-{n:012d}" for n in range(40)]


def _filled(tmp_path: Path, name: str = "study.glocal") -> Project:
    project = empty_project(tmp_path, name)
    ids = [add_text(project, f"{who}.txt", f"Interview with {who}.\n")
           for who in ("Amina", "Ben", "Chen")]
    amina, ben, chen = ids
    age = project.define_variable("Age", "number").result
    score = project.define_variable("Score", "number").result
    met = project.define_variable("Met", "date").result
    consent = project.define_variable("Consent", "boolean").result
    actor = project.define_variable("Actor", "choice", ["Local", "Global"],
                                    "Who speaks for whom").result
    note = project.define_variable("Note", "text").result
    project.set_variable_values([
        (age, amina, "34"), (age, ben, "41"), (score, amina, "2.5"), (met, chen, "2024-03-01"),
        (consent, amina, "yes"), (consent, ben, "no"), (actor, amina, "Local"),
        (actor, chen, "Global"), (note, ben, "<b>&amp; ünïcödé"),
    ])
    project.add_document_set("Women", [amina, chen])
    project.add_document_set("Pilot", [amina], description="the first round")
    project.add_document_set("Empty")
    return project


def _state(project: Project) -> tuple:
    names = {d.id: d.name for d in project.documents()}
    variables = [(v.guid, v.name, v.type, v.choices, v.description) for v in project.variables()]
    by_name = {v.id: v.name for v in project.variables()}
    values = sorted((by_name[v], names[d], value)
                    for (v, d), value in project.variable_values().items())
    sets = sorted((s.guid, s.name, s.description, sorted(names[d] for d in s.document_ids))
                  for s in project.document_set_list())
    return variables, values, sets


def test_variables_and_sets_are_written_typed_and_valid(tmp_path):
    with _filled(tmp_path) as project:
        export_project_qdpx(project, tmp_path / "out.qdpx")
    root = parse_xml(validate_qdpx(tmp_path / "out.qdpx"))
    assert [child.tag.removeprefix(NS) for child in root] == ["Variables", "Sources", "Sets"]
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iter(f"{NS}Variable")}
    assert kinds == {"Age": "Integer", "Score": "Float", "Met": "Date", "Consent": "Boolean",
                     "Actor": "Text", "Note": "Text"}
    actor = next(v for v in root.iter(f"{NS}Variable") if v.get("name") == "Actor")
    assert actor.find(f"{NS}Description").text == (
        "Who speaks for whom\n\nChoices:\n- Local\n- Global")
    amina = next(s for s in root.iter(f"{NS}TextSource") if s.get("name") == "Amina.txt")
    typed = {value[1].tag.removeprefix(NS): value[1].text
             for value in amina.iter(f"{NS}VariableValue")}
    assert typed == {"IntegerValue": "34", "FloatValue": "2.5", "BooleanValue": "true",
                     "TextValue": "Local"}
    sets = {s.get("name"): s for s in root.iter(f"{NS}Set")}
    assert set(sets) == {"Women", "Pilot", "Empty"}
    assert len(sets["Women"].findall(f"{NS}MemberSource")) == 2
    assert sets["Pilot"].find(f"{NS}Description").text == "the first round"
    assert sets["Empty"].findall(f"{NS}MemberSource") == []


def test_round_trip_keeps_every_variable_value_and_set(tmp_path):
    with _filled(tmp_path) as project:
        export_project_qdpx(project, tmp_path / "out.qdpx")
        before = _state(project)
    report = import_qdpx(tmp_path / "copy.glocal", tmp_path / "out.qdpx")
    assert report.imported()["variables"] == 6 and report.imported()["values"] == 9
    assert report.imported()["sets"] == 3
    with Project.open(tmp_path / "copy.glocal") as copy:
        assert _state(copy) == before
    again = import_qdpx(tmp_path / "study.glocal", tmp_path / "out.qdpx")
    assert not again.applied
    for kind in ("variables", "values", "sets"):
        assert again.counts[kind] == {"added": 0, "changed": 0,
                                      "unchanged": again.counts[kind]["unchanged"],
                                      "only_here": 0}, kind


def test_a_sync_takes_the_file_s_values_and_a_merge_keeps_ours(tmp_path):
    with _filled(tmp_path) as project:
        export_project_qdpx(project, tmp_path / "out.qdpx")
    import_qdpx(tmp_path / "theirs.glocal", tmp_path / "out.qdpx")
    with Project.open(tmp_path / "theirs.glocal") as theirs:
        age = theirs.find_variable("Age").id
        ben = theirs.find_document("Ben").id
        chen = theirs.find_document("Chen").id
        theirs.set_variable_value(ben, age, "42")
        theirs.set_variable_value(chen, age, "29")
        theirs.add_to_document_set(theirs.find_document_set("Pilot").id, [ben])
        theirs.define_variable("Region", "text")
        export_project_qdpx(theirs, tmp_path / "theirs.qdpx")
    merged = merge_project(tmp_path / "study.glocal", tmp_path / "theirs.glocal")
    assert merged.counts["values"]["added"] == 1  # Chen's age; Ben's 42 differs: ours kept
    assert merged.counts["variables"]["added"] == 1 and merged.counts["sets"]["changed"] == 1
    assert "1 variable value differs in the other file; ours is kept" in merged.notes
    with Project.open(tmp_path / "study.glocal") as project:
        ages = project.variable_groups("Age")
        assert ages["41"] == frozenset({project.find_document("Ben").id})
        assert ages["29"] == frozenset({project.find_document("Chen").id})
        assert project.document_sets()["Pilot"] == frozenset(
            {project.find_document("Amina").id, project.find_document("Ben").id})
    synced = import_qdpx(tmp_path / "study.glocal", tmp_path / "theirs.qdpx")
    assert synced.counts["values"]["changed"] == 1  # a sync takes the file's 42
    with Project.open(tmp_path / "study.glocal") as project:
        assert project.variable_groups("Age")["42"] == frozenset(
            {project.find_document("Ben").id})


def _source(guid: str, name: str, extra: str = "") -> str:
    return f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">' \
           f"{extra}</TextSource>"


def _value(variable: str, element: str, text: str) -> str:
    return (f'<VariableValue><VariableRef targetGUID="{variable}"/><{element}>{text}'
            f"</{element}></VariableValue>")


def test_maxqda_nameless_cases_carry_each_source_s_variables(tmp_path):
    """MAXQDA writes a nameless Case per source holding that source's document variables."""
    body = (
        '<Variables>'
        f'<Variable guid="{G[0]}" name="Age" typeOfVariable="Integer"/>'
        f'<Variable guid="{G[1]}" name="Country" typeOfVariable="Text"/>'
        f'<Variable guid="{G[2]}" name="Interviewed" typeOfVariable="Date"/>'
        f'<Variable guid="{G[3]}" name="Paid" typeOfVariable="Boolean"/>'
        f'<Variable guid="{G[4]}" name="Score" typeOfVariable="Float"/>'
        f'<Variable guid="{G[5]}" name="Stamp" typeOfVariable="DateTime"/>'
        '</Variables><Cases>'
        f'<Case guid="{G[10]}">' + _value(G[0], "IntegerValue", "34")
        + _value(G[1], "TextValue", "Kenya") + _value(G[2], "DateValue", "2024-03-01")
        + _value(G[3], "BooleanValue", "1") + _value(G[4], "FloatValue", "12,5")
        + _value(G[5], "DateTimeValue", "2024-03-01T10:00:00")
        + f'<SourceRef targetGUID="{G[20]}"/></Case>'
        f'<Case guid="{G[11]}">' + _value(G[0], "IntegerValue", "41")
        + _value(G[4], "FloatValue", "3.0") + f'<SourceRef targetGUID="{G[21]}"/></Case>'
        '</Cases><Sources>' + _source(G[20], "Amina") + _source(G[21], "Ben") + '</Sources>'
        f'<Sets><Set guid="{G[30]}" name="Women"><MemberSource targetGUID="{G[20]}"/></Set>'
        '</Sets>'
    )
    archive = write_archive(tmp_path / "maxqda.qdpx", {
        "project.qde": qde(body), f"sources/{G[20]}.txt": "Amina's words.",
        f"sources/{G[21]}.txt": "Ben's words."})
    report = import_qdpx(tmp_path / "m.glocal", archive)
    assert any("Score" in line and "imported as a text variable" in line
               for line in report.transformed)
    assert any("Stamp" in line and "DateTime" in line for line in report.transformed)
    with Project.open(tmp_path / "m.glocal") as project:
        kinds = {v.name: v.type for v in project.variables()}
        assert kinds == {"Age": "number", "Country": "text", "Interviewed": "date",
                         "Paid": "boolean", "Score": "text", "Stamp": "text"}
        amina, ben = project.find_document("Amina").id, project.find_document("Ben").id
        assert project.document_variables(amina) == {
            "Age": "34", "Country": "Kenya", "Interviewed": "2024-03-01", "Paid": "true",
            "Score": "12,5", "Stamp": "2024-03-01T10:00:00"}
        assert project.document_variables(ben) == {"Age": "41", "Score": "3.0"}
        assert project.document_sets() == {"Women": frozenset({amina})}
        assert project.find_variable("Age").guid == G[0]
