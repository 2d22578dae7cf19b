"""Tenants: API keys (stored only as SHA-256 hashes) mapped to the adapters each tenant may use, plus an admin key
for the load/unload routes. Without a tenants file the server is open (one user, no keys)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from gristmill.errors import ConfigError

SHA256_HEX = r"^[0-9a-f]{64}$"


class Tenant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    key_sha256: str = Field(pattern=SHA256_HEX)
    adapters: list[str] = Field(default_factory=list)
    base: bool = True  # may this tenant call the base model without an adapter


class TenantsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenants: list[Tenant] = Field(default_factory=list)
    admin_key_sha256: str | None = Field(default=None, pattern=SHA256_HEX)


@dataclass(frozen=True)
class Caller:
    """Who sent a request: a tenant (its name), the admin, or anyone (no tenants file)."""

    name: str
    admin: bool = False
    adapters: frozenset[str] | None = None  # None: every adapter
    base: bool = True

    def may_use(self, adapter: str | None) -> bool:
        if adapter is None:
            return self.base
        return self.adapters is None or adapter in self.adapters


OPEN = Caller("anyone", admin=True)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Tenants:
    """Looks callers up by the hash of their bearer key (constant-time comparison)."""

    def __init__(self, spec: TenantsFile | None) -> None:
        self.spec = spec

    @classmethod
    def load(cls, path: str | Path | None) -> Tenants:
        if path is None:
            return cls(None)
        from gristmill.config import load_yaml, validate

        spec = validate(TenantsFile, load_yaml(Path(path)), source=str(path))
        names = [t.name for t in spec.tenants]
        hashes = [t.key_sha256 for t in spec.tenants] + ([spec.admin_key_sha256] if spec.admin_key_sha256 else [])
        problems = [f"tenant {n!r} is listed twice" for n in sorted(set(names)) if names.count(n) > 1]
        problems += ["two entries share one key hash"] if len(set(hashes)) < len(hashes) else []
        if problems:
            raise ConfigError(problems, str(path))
        return cls(spec)

    @property
    def open(self) -> bool:
        return self.spec is None

    def caller(self, authorization: str | None) -> Caller | None:
        """The caller for an `Authorization: Bearer KEY` header; None when the key is missing or unknown."""
        if self.spec is None:
            return OPEN
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None
        digest = key_hash(key.strip())
        if self.spec.admin_key_sha256 and hmac.compare_digest(digest, self.spec.admin_key_sha256):
            return Caller("admin", admin=True)
        for tenant in self.spec.tenants:
            if hmac.compare_digest(digest, tenant.key_sha256):
                return Caller(tenant.name, adapters=frozenset(tenant.adapters), base=tenant.base)
        return None
