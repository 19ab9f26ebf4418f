"""Wire-compatibility tests: the generated cohere_sdk vs Cohere's own SDK.

Keep this file free of imports: driver.py runs under the reference venv.
"""
