"""Shared test support: a fake Cohere API server, fixtures and SDK locators.

Nothing in this package may import ``pytest`` at module import time except
``fixtures.py`` and ``reference_sdk.py``: ``cohere_server.py`` is also usable
from plain scripts.
"""
