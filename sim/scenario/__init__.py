"""Scenario files: the format, the loader with its error messages, the shipped set."""

from sim.scenario.loader import check_file, load_scenario, load_text
from sim.scenario.problems import Problem, ScenarioError
from sim.scenario.schema import SCHEMA_VERSION, Scenario, json_schema

__all__ = [
    "SCHEMA_VERSION",
    "Problem",
    "Scenario",
    "ScenarioError",
    "check_file",
    "json_schema",
    "load_scenario",
    "load_text",
]
