"""The debrief: concrete, dated moments of a quarter, each tied to the sales lesson it teaches.

A trainee learns from "week 3, day 2: the lead from Cobalt waited 26 h", not from a grade.
Everything here is rebuilt from the event log records alone (plus the scenario for names,
values and tables), so a saved JSON-lines log can be debriefed later exactly as a live one.
Hidden records (the true phase) are read on purpose: after the quarter the buyer model is
shown, never left a black box. Each finding carries a cost, an estimate of the revenue it put
at stake, used only to rank what to talk about first (sim.debrief.cost_weights).
"""

from sim.debrief.beliefs import belief_timeline, phase_accuracy
from sim.debrief.principles import PRINCIPLES, Finding
from sim.debrief.ranking import findings

__all__ = ["PRINCIPLES", "Finding", "belief_timeline", "findings", "phase_accuracy"]
