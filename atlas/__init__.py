"""Shared machinery of Zone Atlas. Subject apps (zones, enterprises, policies, …) import it; it imports
none of them (models are reached by app label where needed)."""
