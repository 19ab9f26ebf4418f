"""Runtime support shared by every generated client.

The modules in this package are copied verbatim into each generated SDK.  This
file deliberately imports nothing, so ``import <package>`` stays cheap and
httpx/pydantic are only loaded when a client is actually used.
"""
