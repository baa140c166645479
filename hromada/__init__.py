"""Hromada: the rules of a consent-first multilingual publishing hub.

Nothing in this package imports MkDocs: the rules (content model, consent,
publication, listings) are plain Python so they can be tested and reused by
`hromada check` without a build. `hooks/` adapts MkDocs events to them.
"""
