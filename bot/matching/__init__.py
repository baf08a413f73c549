"""Matching citizens' questions to FAQ entries: normalisation, analysis, the matcher, urgency cues, evaluation."""
