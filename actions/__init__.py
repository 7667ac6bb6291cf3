"""Rasa SDK custom actions of the Welcome Center assistant (`rasa run actions`)."""
