"""sdkforge: generate typed Python SDKs from OpenAPI definitions."""

__version__ = "0.1.0"
