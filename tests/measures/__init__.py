"""Tests of alliancelens.measures."""
