"""Each class of bad input gets one clear Problem: file, field path, line, what was expected, what was given."""

from __future__ import annotations

import pytest
from conftest import line_of

from sim.scenario import Problem, Scenario, ScenarioError, check_file, load_scenario, load_text
from sim.scenario.loader import MAX_BYTES, decode, parse, read_text

NAME = "file.toml"


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, NAME)
    problems = caught.value.problems
    assert problems, "a ScenarioError must list at least one problem"
    for problem in problems:
        assert problem.file == NAME
        assert problem.message.strip()
    return problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the starter"
    return text.replace(old, new)


def test_the_starter_is_valid(valid_text):
    scenario = load_text(valid_text, NAME)
    assert isinstance(scenario, Scenario)
    assert scenario.meta.title == "Test quarter"


# ---------------------------------------------------------------- TOML syntax


def test_syntax_error_has_line_and_column(valid_text):
    text = replaced(valid_text, 'title = "Test quarter"', 'title = "Test quarter')
    problem = only_problem(text)
    assert problem.line == line_of(text, 'title = "Test quarter')
    assert problem.column == len('title = "Test quarter') + 1
    assert "TOML syntax error" in problem.message
    assert str(problem).startswith(f"{NAME}:{problem.line}:{problem.column}: TOML syntax error")


def test_syntax_error_missing_value(valid_text):
    text = replaced(valid_text, "max_rounds = 8", "max_rounds =")
    problem = only_problem(text)
    assert problem.line == line_of(text, "max_rounds =")
    assert problem.column is not None
    assert "TOML syntax error" in problem.message


def test_syntax_error_key_defined_twice(valid_text):
    text = replaced(valid_text, "max_rounds = 8", "max_rounds = 8\nmax_rounds = 9")
    problem = only_problem(text)
    assert problem.line == line_of(text, "max_rounds = 9")
    assert "TOML syntax error" in problem.message


def test_syntax_error_at_end_of_file(valid_text):
    text = valid_text + "\n[broken"
    problem = only_problem(text)
    assert "TOML syntax error" in problem.message
    assert problem.line == len(text.splitlines())


def test_number_too_long_for_python_is_a_problem_not_a_traceback(valid_text):
    text = replaced(valid_text, "quota = 150000\nstrategy", "quota = " + "9" * 5000 + "\nstrategy")
    problem = only_problem(text)
    assert problem.line == line_of(text, "quota = 999")
    assert "too long" in problem.message


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a = ", "}")])
def test_deep_nesting_is_a_problem_not_a_traceback(valid_text, opening, closing):
    deep = opening * 3000 + "1" + closing * 3000
    problem = only_problem(replaced(valid_text, "[meta]\n", f"[meta]\nauthor = {deep}\n"))
    assert "nested" in problem.message


def test_moderately_deep_nesting_is_refused_with_its_line(valid_text):
    text = replaced(valid_text, "[meta]\n", "[meta]\nauthor = " + "[" * 100 + "]" * 100 + "\n")
    problem = only_problem(text)
    assert problem.line == line_of(text, "author = [[[")
    assert "nested" in problem.message


# ---------------------------------------------------------------- types and ranges


def test_the_example_from_the_issue(valid_text):
    text = replaced(valid_text, "motivation = 0.8", "motivation = 1.7")
    problem = only_problem(text)
    line = line_of(text, "motivation = 1.7")
    assert str(problem) == f"{NAME}:{line}: team.reps[0].motivation: expected a number of at most 1.0, got 1.7"


def test_wrong_type_names_path_line_expected_and_given(valid_text):
    text = replaced(valid_text, "max_rounds = 8", 'max_rounds = "eight"')
    problem = only_problem(text)
    assert problem.field == "negotiation.max_rounds"
    assert problem.line == line_of(text, "max_rounds")
    assert "whole number" in problem.message
    assert "'eight'" in problem.message


def test_negative_money_in_second_array_table(valid_text):
    text = replaced(valid_text, "quota = 150000\nstrategy", "quota = -5\nstrategy")
    problem = only_problem(text)
    assert problem.field == "team.reps[1].quota"
    assert problem.line == line_of(text, "quota = -5")
    assert "at least 0" in problem.message and "-5" in problem.message


def test_value_inside_inline_table(valid_text):
    text = replaced(valid_text, "technical = 0.5", "technical = 2")
    problem = only_problem(text)
    assert problem.field == "team.reps[0].skills.technical"
    assert problem.line == line_of(text, "skills = {")
    assert "at most 1" in problem.message and "got 2" in problem.message


def test_value_inside_multiline_array_of_inline_tables(valid_text):
    text = replaced(valid_text, 'role = "user"', 'role = "boss"')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].people[1].role"
    assert problem.line == line_of(text, 'role = "boss"')
    assert "one of" in problem.message and "'decider'" in problem.message and "'boss'" in problem.message


def test_value_inside_single_line_array_of_inline_tables(valid_text):
    text = replaced(valid_text, "strength = 3", "strength = 9")
    problem = only_problem(text)
    assert problem.field == "team.reps[0].contacts[0].strength"
    assert problem.line == line_of(text, "strength = 9")
    assert "at most 5" in problem.message and "got 9" in problem.message


def test_value_in_nested_array_of_tables(valid_text):
    contacts = (
        '[[team.reps.contacts]]\naccount = "northwind"\nperson = "northwind-ops"\nstrength = 2\n\n'
        '[[team.reps.contacts]]\naccount = "northwind"\nperson = "northwind-cfo"\nstrength = 0\n\n'
    )
    first_service = valid_text.index("[[catalog.services]]")  # rep[1] ends there
    text = valid_text[:first_service] + contacts + valid_text[first_service:]
    problem = only_problem(text)
    assert problem.field == "team.reps[1].contacts[1].strength"
    assert problem.line == line_of(text, "strength = 0")
    assert "at least 1" in problem.message


def test_distribution_parameter(valid_text):
    text = replaced(valid_text, "sigma = 0.5", "sigma = 5")
    problem = only_problem(text)
    assert problem.field == "accounts.generated.potential.sigma"
    assert problem.line == line_of(text, "sigma = 5")
    assert "at most 3" in problem.message


def test_distribution_kind(valid_text):
    text = replaced(valid_text, 'kind = "lognormal"', 'kind = "weird"')
    problem = only_problem(text)
    assert problem.field.startswith("accounts.generated.potential")
    assert problem.line == line_of(text, 'kind = "weird"')
    assert "'lognormal'" in problem.message and "'weird'" in problem.message


def test_enum_value(valid_text):
    text = replaced(valid_text, 'difficulty = "medium"', 'difficulty = "impossible"')
    problem = only_problem(text)
    assert problem.field == "meta.difficulty"
    assert problem.line == line_of(text, "difficulty")
    assert "one of" in problem.message and "'expert'" in problem.message and "'impossible'" in problem.message


def test_bad_identifier(valid_text):
    text = replaced(valid_text, 'id = "sam"', 'id = "Sam Big"')
    problem = only_problem(text)
    assert problem.field == "team.reps[1].id"
    assert problem.line == line_of(text, 'id = "Sam Big"')
    assert "identifier" in problem.message and "'Sam Big'" in problem.message


def test_table_given_a_number(valid_text):
    text = replaced(valid_text, "skills = { technical = 0.5, behavioural = 0.6 }", "skills = 5")
    problem = only_problem(text)
    assert problem.field == "team.reps[0].skills"
    assert problem.line == line_of(text, "skills = 5")
    assert "table" in problem.message and "got 5" in problem.message


def test_cross_field_rule(valid_text):
    text = replaced(valid_text, "start_week = 2", "start_week = 9")
    problem = only_problem(text)
    assert problem.field == "campaigns[0]"
    assert problem.line == line_of(text, "[[campaigns]]")
    assert "end_week" in problem.message and "start_week" in problem.message


def test_week_after_the_quarter(valid_text):
    text = replaced(valid_text, "week = 7", "week = 70")
    problem = only_problem(text)
    assert problem.field == "events[0].week"
    assert problem.line == line_of(text, "week = 70")
    assert "70" in problem.message and "13" in problem.message


def test_dict_key_outside_the_allowed_set_shows_no_pydantic_internals(valid_text):
    text = replaced(valid_text, "sizes = { smb = 0.6", "sizes = { huge = 1, smb = 0.6")
    problem = only_problem(text)
    assert "[key]" not in str(problem)
    assert problem.field == "accounts.generated.sizes.huge"
    assert problem.line == line_of(text, "sizes = {")
    assert "'huge'" in problem.message and "'enterprise'" in problem.message


def test_unknown_effect_action_has_a_line(valid_text):
    text = valid_text + "\n[effects.actions.fly]\nhours = 1\n"
    problem = only_problem(text)
    assert "[key]" not in str(problem)
    assert problem.field in ("effects.actions", "effects.actions.fly")
    assert problem.line == line_of(text, "[effects.actions.fly]")
    assert "'fly'" in problem.message and "research" in problem.message


def test_unknown_effect_phase(valid_text):
    text = valid_text + "\n[effects.phases.zz]\ncadence_hours = 1\n"
    problem = only_problem(text)
    assert "[key]" not in str(problem)
    assert problem.field == "effects.phases.zz"
    assert problem.line == line_of(text, "[effects.phases.zz]")
    assert "'latent'" in problem.message and "'zz'" in problem.message


# ---------------------------------------------------------------- unknown keys and missing sections


def test_unknown_key_with_did_you_mean(valid_text):
    text = replaced(valid_text, "motivation = 0.8", "motivaton = 0.8")
    problem = only_problem(text)
    assert problem.field == "team.reps[0].motivaton"
    assert problem.line == line_of(text, "motivaton")
    assert "unknown key 'motivaton'" in problem.message
    assert "did you mean 'motivation'" in problem.message


def test_unknown_section_with_did_you_mean(valid_text):
    text = replaced(valid_text, "[scoring.weights]", "[scorring.weights]")
    problem = only_problem(text)
    assert problem.field == "scorring"
    assert problem.line == line_of(text, "[scorring.weights]")
    assert "did you mean 'scoring'" in problem.message


def test_unknown_key_without_close_match_lists_allowed_keys(valid_text):
    text = replaced(valid_text, "[meta]\n", "[meta]\nzzz = 1\n")
    problem = only_problem(text)
    assert problem.field == "meta.zzz"
    assert problem.line == line_of(text, "zzz = 1")
    assert "unknown key 'zzz'" in problem.message
    assert "allowed keys" in problem.message and "title" in problem.message


def test_unknown_key_in_a_distribution_suggests_that_distributions_keys(valid_text):
    text = replaced(valid_text, "sigma = 0.5 }", "sigma = 0.5, sigm = 1 }")
    problem = only_problem(text)
    assert problem.field == "accounts.generated.potential.sigm"
    assert problem.line == line_of(text, "sigm = 1")
    assert "did you mean 'sigma'" in problem.message


def test_unknown_key_in_an_effects_override(valid_text):
    text = valid_text + "\n[effects.actions.call]\nhourz = 1\n"
    problem = only_problem(text)
    assert problem.field == "effects.actions.call.hourz"
    assert problem.line == line_of(text, "hourz")
    assert "did you mean 'hours'" in problem.message


def test_an_override_the_action_never_reads_is_refused_with_why_not_silently_ignored(valid_text):
    text = valid_text + (
        "\n[effects.actions.proposal]\nhours = 3\nadvance = [0, 0, 0, 0.2, 0]\n"
        "\n[effects.actions.client_checkin]\ntrust = 0.2\n"
        "\n[effects.actions.call]\nadvance = [0.2, 0.2, 0.1, 0, 0]\ntrust = 0.05\n"  # both read by a call: fine
    )
    problems = problems_of(text)
    assert [(p.field, p.line) for p in problems] == [
        ("effects.actions.proposal.advance", line_of(text, "advance = [0, 0, 0, 0.2, 0]")),
        ("effects.actions.client_checkin.trust", line_of(text, "trust = 0.2")),
    ]
    assert "has no effect on proposal: a proposal opens a negotiation" in problems[0].message
    assert "satisfaction" in problems[1].message and problems[1].message.endswith("remove it")


def test_a_bad_calendar_is_one_problem_not_one_per_campaign_and_event(valid_text):
    text = replaced(valid_text, "weeks = 13                # a quarter", "weeks = -1")
    problem = only_problem(text)  # not also "week 7 is after the last week played (-1)" for each campaign and event
    assert problem.field == "calendar.weeks" and problem.line == line_of(text, "weeks = -1")


def test_missing_section(valid_text):
    start = valid_text.index("[[catalog.services]]")
    end = valid_text.index("[[accounts.listed]]")
    text = valid_text[:start] + valid_text[end:]
    problems = problems_of(text)
    missing = [p for p in problems if p.field == "catalog"]
    assert len(missing) == 1
    assert "missing required section 'catalog'" in missing[0].message
    # the accounts still refer to services that are gone: reported in the same pass
    assert all(p.field == "catalog" or "service" in p.message for p in problems)


def test_missing_key(valid_text):
    text = replaced(valid_text, 'name = "Core platform"\n', "")
    problem = only_problem(text)
    assert problem.field == "catalog.services[0].name"
    assert problem.line == line_of(text, "[[catalog.services]]")
    assert "missing required key 'name'" in problem.message


def test_only_a_schema_line():
    problems = problems_of("schema = 1\n")
    assert {p.field for p in problems} == {"meta", "team", "catalog", "accounts"}
    assert all("missing required section" in p.message for p in problems)


def test_every_problem_is_reported_in_one_pass(valid_text):
    text = valid_text
    text = replaced(text, "motivation = 0.8", "motivation = 1.7")
    text = replaced(text, "days_per_week = 5", "dayz_per_week = 5")
    text = replaced(text, 'owner = "you"', 'owner = "nobody"')
    text = replaced(text, 'id = "support"', 'id = "core"')
    text = replaced(text, "max_discount = 0.2", "max_discount = -1")
    problems = problems_of(text)
    found = {(p.field, p.line) for p in problems}
    assert found == {
        ("calendar.dayz_per_week", line_of(text, "dayz_per_week")),
        ("team.reps[0].motivation", line_of(text, "motivation = 1.7")),
        ("catalog.services[1].id", line_of(text, 'id = "core"', start=line_of(text, 'id = "core"') + 1)),
        ("accounts.listed[0].owner", line_of(text, 'owner = "nobody"')),
        ("negotiation.max_discount", line_of(text, "max_discount")),
    }
    assert [p.line for p in problems] == sorted(p.line for p in problems), "problems come in file order"


# ---------------------------------------------------------------- duplicate ids


def test_duplicate_rep_id(valid_text):
    text = replaced(valid_text, 'id = "sam"', 'id = "you"')
    problem = only_problem(text)
    assert problem.field == "team.reps[1].id"
    assert problem.line == line_of(text, 'id = "you"', start=line_of(text, 'id = "you"') + 1)
    assert "duplicate rep id 'you'" in problem.message and "team.reps[0]" in problem.message


def test_duplicate_service_id(valid_text):
    text = replaced(valid_text, 'id = "support"', 'id = "core"')
    problem = only_problem(text)
    assert problem.field == "catalog.services[1].id"
    assert "duplicate service id 'core'" in problem.message


def test_duplicate_account_id(valid_text):
    extra = '\n[[accounts.listed]]\nid = "northwind"\nname = "Again"\nsector = "retail"\nsize = "smb"\npotential = 1000\n'
    text = replaced(valid_text, "\n[accounts.generated]", extra + "\n[accounts.generated]")
    problem = only_problem(text)
    assert problem.field == "accounts.listed[1].id"
    assert problem.line == line_of(text, 'name = "Again"') - 1
    assert "duplicate account id 'northwind'" in problem.message


def test_duplicate_person_id(valid_text):
    text = replaced(valid_text, 'id = "northwind-ops"', 'id = "northwind-cfo"')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].people[1].id"
    assert problem.line == line_of(text, "Marc Petit")
    assert "duplicate person id 'northwind-cfo'" in problem.message


def test_duplicate_campaign_and_event_ids(valid_text):
    text = valid_text + (
        '\n[[campaigns]]\nid = "webinar"\nname = "Again"\nleads_per_week = 1\n'
        '\n[[events]]\nid = "price-cut"\nweek = 3\nkind = "merger"\nheadline = "Again"\n'
    )
    problems = problems_of(text)
    assert {p.field for p in problems} == {"campaigns[1].id", "events[1].id"}
    assert any("duplicate campaign id 'webinar'" in p.message for p in problems)
    assert any("duplicate event id 'price-cut'" in p.message for p in problems)


# ---------------------------------------------------------------- dangling references


def test_account_owner_must_be_a_rep(valid_text):
    text = replaced(valid_text, 'owner = "you"', 'owner = "nobody"')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].owner"
    assert problem.line == line_of(text, 'owner = "nobody"')
    assert "no rep with id 'nobody'" in problem.message and "sam, you" in problem.message


def test_contact_person_must_exist_in_the_account(valid_text):
    text = replaced(valid_text, 'person = "northwind-cfo"', 'person = "ghost"')
    problem = only_problem(text)
    assert problem.field == "team.reps[0].contacts[0].person"
    assert problem.line == line_of(text, 'person = "ghost"')
    assert "no person in account 'northwind' with id 'ghost'" in problem.message


def test_contact_account_must_exist(valid_text):
    text = replaced(valid_text, 'account = "northwind", person', 'account = "southwind", person')
    problem = only_problem(text)
    assert problem.field == "team.reps[0].contacts[0].account"
    assert problem.line == line_of(text, "southwind")
    assert "no listed account with id 'southwind'" in problem.message


def test_account_services_must_exist(valid_text):
    text = replaced(valid_text, 'sector = "logistics"\nsize', 'services = ["core", "gold"]\nsector = "logistics"\nsize')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].services[1]"
    assert problem.line == line_of(text, '"gold"')
    assert "no service with id 'gold'" in problem.message and "core, support" in problem.message


def test_campaign_services_must_exist(valid_text):
    text = replaced(valid_text, "leads_per_week = 3", 'leads_per_week = 3\nservices = ["platinum"]')
    problem = only_problem(text)
    assert problem.field == "campaigns[0].services[0]"
    assert problem.line == line_of(text, "platinum")
    assert "no service with id 'platinum'" in problem.message


def test_event_accounts_must_exist(valid_text):
    text = replaced(valid_text, 'sector = "logistics"\neffect', 'accounts = ["nope"]\nsector = "logistics"\neffect')
    problem = only_problem(text)
    assert problem.field == "events[0].accounts[0]"
    assert problem.line == line_of(text, '"nope"')
    assert "no listed account with id 'nope'" in problem.message


def test_network_account_must_exist(valid_text):
    text = replaced(valid_text, 'owner = "you"\n', 'owner = "you"\nnetwork = [ { account = "zzz", strength = 2 } ]\n')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].network[0].account"
    assert problem.line == line_of(text, '"zzz"')
    assert "no account with id 'zzz'" in problem.message


def test_network_account_cannot_be_itself(valid_text):
    text = replaced(valid_text, 'owner = "you"\n', 'owner = "you"\nnetwork = [ { account = "northwind", strength = 2 } ]\n')
    problem = only_problem(text)
    assert problem.field == "accounts.listed[0].network[0].account"
    assert "itself" in problem.message


# ---------------------------------------------------------------- schema version


def test_wrong_schema_version(valid_text):
    text = replaced(valid_text, "schema = 1", "schema = 2")
    problem = only_problem(text)
    assert problem.field == "schema"
    assert problem.line == line_of(text, "schema = 2")
    assert "schema 2" in problem.message and "schema 1" in problem.message


@pytest.mark.parametrize("value", ['"1"', "true", "1.0", "[1]"])
def test_schema_version_of_the_wrong_type(valid_text, value):
    text = replaced(valid_text, "schema = 1", f"schema = {value}")
    problem = only_problem(text)
    assert problem.field == "schema"
    assert problem.line == line_of(text, "schema = ")
    assert "1" in problem.message


def test_schema_missing(valid_text):
    text = replaced(valid_text, "schema = 1\n", "")
    problem = only_problem(text)
    assert problem.field == "schema"
    assert "missing required key 'schema'" in problem.message


# ---------------------------------------------------------------- empty, big, binary, unreadable


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "# only a comment\n", "# one\n\n   # two\n"])
def test_empty_or_comment_only(text):
    problem = only_problem(text)
    assert "empty" in problem.message
    assert problem.path == ()


def test_empty_file(write):
    path = write(b"")
    [problem] = check_file(path)
    assert problem.file == str(path)
    assert "empty" in problem.message


def test_file_over_the_size_limit(write):
    path = write(b"# " + b"x" * MAX_BYTES + b"\n")
    [problem] = check_file(path)
    assert problem.file == str(path)
    assert "limit" in problem.message and f"{MAX_BYTES:,}" in problem.message


def test_file_just_at_the_size_limit_is_read(write, valid_text):
    data = valid_text.encode()
    path = write(data + b"#" * (MAX_BYTES - len(data)))
    assert read_text(path) == valid_text + "#" * (MAX_BYTES - len(data))


def test_read_text_honours_a_smaller_limit(write, valid_text):
    path = write(valid_text)
    with pytest.raises(ScenarioError) as caught:
        read_text(path, max_bytes=100)
    assert "100-byte limit" in caught.value.problems[0].message


def test_non_utf8_names_line_column_and_byte(write, valid_text):
    data = valid_text.encode().replace(b"Marc Petit", b"Marc P\xe9tit")
    path = write(data)
    [problem] = check_file(path)
    assert problem.line == line_of(valid_text, "Marc Petit")
    assert problem.column == valid_text.splitlines()[problem.line - 1].index("Petit") + 2
    assert "UTF-8" in problem.message and "0xe9" in problem.message


def test_binary_nul_byte(write):
    path = write(b"schema = 1\n[meta]\x00\x01\x02")
    [problem] = check_file(path)
    assert problem.line == 2
    assert "binary" in problem.message and "NUL" in problem.message


def test_utf8_bom_is_accepted(write, valid_text):
    path = write(b"\xef\xbb\xbf" + valid_text.encode())
    assert load_scenario(path).meta.title == "Test quarter"


def test_windows_line_endings_keep_line_numbers(write, valid_text):
    text = replaced(valid_text, "motivation = 0.8", "motivation = 1.7")
    path = write(text.replace("\n", "\r\n").encode())
    [problem] = check_file(path)
    assert problem.line == line_of(text, "motivation = 1.7")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.toml"
    [problem] = check_file(path)
    assert problem.file == str(path)
    assert "not found" in problem.message


def test_a_folder(tmp_path):
    [problem] = check_file(tmp_path)
    assert problem.file == str(tmp_path)
    assert "folder" in problem.message


def test_a_name_no_file_system_accepts(tmp_path):
    for name in ("x" * 5000 + ".toml", "bad\x00name.toml"):
        [problem] = check_file(tmp_path / name)
        assert problem.message


def test_load_scenario_raises_scenario_error_with_every_problem(write, valid_text):
    text = replaced(valid_text, "motivation = 0.8", "motivation = 1.7")
    text = replaced(text, 'owner = "you"', 'owner = "nobody"')
    path = write(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert len(caught.value.problems) == 2
    assert all(p.file == str(path) for p in caught.value.problems)
    assert str(caught.value).count(str(path)) == 2


def test_the_stages_can_be_called_alone(valid_text):
    assert parse(NAME, decode(NAME, valid_text.encode()))["schema"] == 1
    with pytest.raises(ScenarioError):
        decode(NAME, b"\xff")
    with pytest.raises(ScenarioError):
        parse(NAME, "a = ")


# ---------------------------------------------------------------- how a problem reads


def test_problem_str_formats():
    assert str(Problem("a.toml", "m")) == "a.toml: m"
    assert str(Problem("a.toml", "m", line=3)) == "a.toml:3: m"
    assert str(Problem("a.toml", "m", line=3, column=7)) == "a.toml:3:7: m"
    assert str(Problem("a.toml", "m", ("team", "reps", 2, "motivation"), 40)) == "a.toml:40: team.reps[2].motivation: m"


def test_long_given_values_are_shortened(valid_text):
    text = replaced(valid_text, 'difficulty = "medium"', f'difficulty = "{"x" * 500}"')
    problem = only_problem(text)
    assert len(problem.message) < 300
    assert "..." in problem.message
