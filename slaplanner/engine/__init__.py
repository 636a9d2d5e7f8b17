"""Computations on a plan: funnel, Erlang estimates, scoring, conflicts and the simulation."""
