"""Check kinds: the logic behind rules that a pattern alone cannot express.

Each kind is a function ``check(doc, rule) -> Iterable[Violation]`` named in a rule pack's
``kinds`` table; TOML rules refer to it by name (``kind = "broken-wrap"``).
"""
