"""LineIndex: the line of a field path in TOML text, for the messages a trainer reads."""

from __future__ import annotations

import tomllib

from conftest import line_of

from sim.scenario.toml_lines import LineIndex


def index(text: str) -> LineIndex:
    tomllib.loads(text)  # every sample is valid TOML: the index is only asked about real files
    return LineIndex(text)


def test_top_level_keys_and_headers():
    text = 'schema = 1\n\n[meta]\ntitle = "x"\n\n[team.manager]\nname = "m"\n'
    lines = index(text)
    assert lines.line_of(("schema",)) == 1
    assert lines.line_of(("meta",)) == 3
    assert lines.line_of(("meta", "title")) == 4
    assert lines.line_of(("team", "manager")) == 6
    assert lines.line_of(("team", "manager", "name")) == 7


def test_implicit_parent_table_takes_the_line_of_its_first_header():
    lines = index('[scoring.weights]\nrevenue = 1\n\n[effects.actions.call]\nhours = 2\n')
    assert lines.line_of(("scoring",)) == 1
    assert lines.line_of(("effects",)) == 4
    assert lines.line_of(("effects", "actions")) == 4


def test_nearest_enclosing_path_when_the_exact_one_is_absent():
    lines = index('[meta]\ntitle = "x"\n')
    assert lines.line_of(("meta", "description")) == 1
    assert lines.line_of(("meta", "tags", 3)) == 1
    assert lines.line_of(("nowhere",)) is None
    assert lines.line_of(()) is None


def test_arrays_of_tables_count_their_items():
    text = '[[team.reps]]\nid = "a"\n\n[[team.reps]]\nid = "b"\nmotivation = 2\n\n[[catalog.services]]\nid = "s"\n'
    lines = index(text)
    assert lines.line_of(("team", "reps")) == 1
    assert lines.line_of(("team", "reps", 0)) == 1
    assert lines.line_of(("team", "reps", 0, "id")) == 2
    assert lines.line_of(("team", "reps", 1)) == 4
    assert lines.line_of(("team", "reps", 1, "motivation")) == 6
    assert lines.line_of(("catalog", "services", 0, "id")) == 9


def test_nested_arrays_of_tables_restart_per_parent():
    text = """\
[[team.reps]]
id = "a"

[[team.reps.contacts]]
account = "x"

[[team.reps.contacts]]
account = "y"

[[team.reps]]
id = "b"

[[team.reps.contacts]]
account = "z"
strength = 9

[team.reps.skills]
technical = 2
"""
    lines = index(text)
    assert lines.line_of(("team", "reps", 0, "contacts", 0, "account")) == line_of(text, '"x"')
    assert lines.line_of(("team", "reps", 0, "contacts", 1, "account")) == line_of(text, '"y"')
    assert lines.line_of(("team", "reps", 1, "id")) == line_of(text, '"b"')
    assert lines.line_of(("team", "reps", 1, "contacts", 0)) == line_of(text, '"z"') - 1
    assert lines.line_of(("team", "reps", 1, "contacts", 0, "strength")) == line_of(text, "strength = 9")
    assert lines.line_of(("team", "reps", 1, "skills", "technical")) == line_of(text, "technical = 2")


def test_inline_tables():
    text = 'skills = { technical = 0.5, behavioural = 0.6 }\npotential = { kind = "lognormal", median = 1 }\n'
    lines = index(text)
    assert lines.line_of(("skills",)) == 1
    assert lines.line_of(("skills", "behavioural")) == 1
    assert lines.line_of(("potential", "median")) == 2
    assert lines.line_of(("potential", "sigma")) == 2


def test_single_line_array_of_inline_tables():
    text = 'x = 1\ncontacts = [ { account = "a", person = "p" }, { account = "b", strength = 3 } ]\ny = 2\n'
    lines = index(text)
    assert lines.line_of(("contacts", 0, "account")) == 2
    assert lines.line_of(("contacts", 1, "strength")) == 2
    assert lines.line_of(("y",)) == 3


def test_multiline_array_of_inline_tables():
    text = """\
[[accounts.listed]]
id = "n"
people = [
  { id = "a", role = "decider" },
  { id = "b", role = "user" },   # a comment with [brackets] and {braces}
  { id = "c", name = "has [brackets], {braces} and # hash" },
  { id = "d", role = "user" }, { id = "e", role = "gatekeeper" },
]
owner = "you"
network = [{ account = "m", strength = 2 },
           { account = "k", strength = 4 }]
notes = "after"
"""
    lines = index(text)
    people = ("accounts", "listed", 0, "people")
    assert lines.line_of(people) == 3
    assert lines.line_of((*people, 0, "role")) == 4
    assert lines.line_of((*people, 1, "role")) == 5
    assert lines.line_of((*people, 2, "name")) == 6
    assert lines.line_of((*people, 3, "role")) == 7
    assert lines.line_of((*people, 4, "role")) == 7
    assert lines.line_of(("accounts", "listed", 0, "owner")) == 9
    network = ("accounts", "listed", 0, "network")
    assert lines.line_of((*network, 0, "strength")) == 10
    assert lines.line_of((*network, 1, "strength")) == 11
    assert lines.line_of(("accounts", "listed", 0, "notes")) == 12


def test_multiline_array_of_scalars():
    text = 'phases = [\n  0.5,\n  0.3,\n]\ncount = 3\n'
    lines = index(text)
    assert lines.line_of(("phases",)) == 1
    assert lines.line_of(("phases", 0)) == 2
    assert lines.line_of(("phases", 1)) == 3
    assert lines.line_of(("count",)) == 5


def test_arrays_of_strings_and_nested_arrays():
    text = 'services = ["a", "b,c",\n  "d"]\ngrid = [[1, 2], [3,\n  4], "x"]\nafter = 1\n'
    lines = index(text)
    assert lines.line_of(("services", 1)) == 1
    assert lines.line_of(("services", 2)) == 2
    assert lines.line_of(("grid", 1)) == 3
    assert lines.line_of(("grid", 2)) == 4
    assert lines.line_of(("after",)) == 5


def test_dotted_keys():
    text = '[team]\nmanager.name = "m"\nmanager.bad_cop = 2\n"quoted key".x = 1\n'
    lines = index(text)
    assert lines.line_of(("team", "manager", "name")) == 2
    assert lines.line_of(("team", "manager", "bad_cop")) == 3
    assert lines.line_of(("team", "manager")) == 2
    assert lines.line_of(("team", "quoted key", "x")) == 4


def test_dotted_and_quoted_headers():
    text = '[ team . manager ]\nname = "m"\n\n[effects.actions."call"]\nhours = 1\n'
    lines = index(text)
    assert lines.line_of(("team", "manager", "name")) == 2
    assert lines.line_of(("effects", "actions", "call", "hours")) == 5


def test_multiline_strings_are_not_read_as_syntax():
    text = '''\
[meta]
briefing = """
[fake]
key = 1
[[team.reps]]
"""
notes = \'\'\'
[fake2]
other = 2
\'\'\'
title = "t"
one_line = """ [not] = a header """
after = 1
'''
    lines = index(text)
    assert ("fake",) not in lines.lines
    assert ("meta", "key") not in lines.lines
    assert ("team", "reps") not in lines.lines
    assert ("meta", "other") not in lines.lines
    assert lines.line_of(("meta", "briefing")) == 2
    assert lines.line_of(("meta", "notes")) == 7
    assert lines.line_of(("meta", "title")) == 11
    assert lines.line_of(("meta", "after")) == 13


def test_strings_with_hash_brackets_and_equals():
    text = '[meta]\ntitle = "No. #1 [beta] = best"  # comment = [x]\ndescription = \'a = b\'\n\n[calendar]\nweeks = 3\n'
    lines = index(text)
    assert lines.line_of(("meta", "title")) == 2
    assert lines.line_of(("meta", "description")) == 3
    assert lines.line_of(("calendar", "weeks")) == 6


def test_comments_and_blank_lines_are_skipped():
    text = '# [fake]\n# key = 1\n\n[meta]  # [other]\n  # title = "no"\ntitle = "yes"\n'
    lines = index(text)
    assert ("fake",) not in lines.lines and ("other",) not in lines.lines
    assert lines.line_of(("meta",)) == 4
    assert lines.line_of(("meta", "title")) == 6


def test_windows_line_endings():
    text = '[meta]\r\ntitle = "x"\r\n\r\n[[team.reps]]\r\nid = "a"\r\n'
    lines = index(text)
    assert lines.line_of(("meta", "title")) == 2
    assert lines.line_of(("team", "reps", 0, "id")) == 5


def test_the_starter_scenario(valid_text):
    lines = index(valid_text)
    assert lines.line_of(("schema",)) == line_of(valid_text, "schema = 1")
    assert lines.line_of(("team", "reps", 0, "motivation")) == line_of(valid_text, "motivation = 0.8")
    assert lines.line_of(("team", "reps", 1, "quota")) == line_of(valid_text, "quota", start=line_of(valid_text, 'id = "sam"'))
    assert lines.line_of(("team", "reps", 0, "contacts", 0, "person")) == line_of(valid_text, "contacts = [")
    assert lines.line_of(("accounts", "listed", 0, "people", 1, "role")) == line_of(valid_text, "Marc Petit")
    assert lines.line_of(("accounts", "generated", "potential", "sigma")) == line_of(valid_text, "sigma =")
    assert lines.line_of(("scoring", "weights", "margin")) == line_of(valid_text, "margin = 2")


def test_garbage_never_raises():
    for text in ["[", "[[", "= =", "a = [", "a = {", 'a = """', "[[a]]\n[[a.b]]\n[a", "\x00", "]]]]", "a.b.c = [[[{"]:
        LineIndex(text).line_of(("a", "b", 0))
