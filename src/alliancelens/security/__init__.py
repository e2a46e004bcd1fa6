"""Access control, passwords and the audit log.

:mod:`~alliancelens.security.policy` decides who may do what (pure);
:mod:`~alliancelens.security.passwords` hashes with argon2id;
:mod:`~alliancelens.security.audit` keeps the append-only, hash-chained audit log.
"""

from alliancelens.security.policy import (
    Action,
    Actor,
    Decision,
    Resource,
    Role,
    Target,
    decide,
    require,
)

__all__ = ["Action", "Actor", "Decision", "Resource", "Role", "Target", "decide", "require"]
