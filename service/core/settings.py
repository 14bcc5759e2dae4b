"""Typed settings, read once from the environment (prefix PARTNERNET_) or a .env file."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
# Only ever used when environment is dev and PARTNERNET_JWT_SECRET is unset; prod refuses to start with it.
DEV_JWT_SECRET = "partnernet-dev-only-jwt-secret-do-not-use-in-prod"  # noqa: S105  # a documented dev default
_URI_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


class Settings(BaseSettings):
    """Every knob of the service; each field maps to PARTNERNET_<FIELD_NAME>."""

    model_config = SettingsConfigDict(
        env_prefix="PARTNERNET_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    environment: Literal["dev", "prod"] = Field("dev", description="dev enables GraphiQL")
    neo4j_uri: str = Field(
        "neo4j://127.0.0.1:7687",
        description="Bolt URI; neo4j:// routes reads and writes so the same code runs on a cluster or Aura",
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("partnernet-dev-password")
    neo4j_database: str = "neo4j"
    neo4j_max_pool_size: int = Field(100, ge=1, le=1000)
    neo4j_fetch_size: int = Field(1000, ge=1)
    neo4j_connection_timeout_s: float = Field(5.0, gt=0)
    neo4j_acquisition_timeout_s: float = Field(5.0, gt=0)
    neo4j_retry_time_s: float = Field(
        2.0, ge=0, description="how long the driver retries a transaction on transient errors"
    )
    query_timeout_s: float = Field(10.0, gt=0, le=600, description="server-side timeout of every transaction")

    # The managed local server (partnernet neo4j start); unused when neo4j_uri points elsewhere.
    neo4j_home: Path = Field(REPO_ROOT / ".partnernet" / "neo4j", description="conf, data, logs and pid")
    neo4j_cache_dir: Path = Field(
        Path.home() / ".cache" / "partnernet", description="downloaded server jars, keyed by version"
    )
    neo4j_version: str = "5.26.30"
    neo4j_bolt_port: int = Field(7687, ge=1, le=65535)
    neo4j_http_port: int = Field(7474, ge=1, le=65535)
    neo4j_heap: str = Field("1g", pattern=r"^\d+[kmg]$")
    neo4j_pagecache: str = Field("1g", pattern=r"^\d+[kmg]$")
    neo4j_start_timeout_s: float = Field(120.0, gt=0)

    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=1, le=65535)
    workers: int | None = Field(
        None,
        ge=1,
        le=64,
        description="worker processes of `partnernet serve` (default: one per core in prod, 1 in dev)",
    )
    # Operations (issue 17): overload, shutdown, health, logs, traces.
    max_in_flight: int = Field(
        64, ge=0, le=10_000, description="GraphQL requests one worker runs at once; beyond it 503 at once (0: no bound)"
    )
    shutdown_timeout_s: float = Field(
        10.0, gt=0, le=300, description="on SIGTERM, how long in-flight requests may finish before they are cancelled"
    )
    readiness_interval_s: float = Field(
        0.5, gt=0, le=30, description="how often each worker checks Neo4j for /readyz (twice as often while it is down)"
    )
    gc_gen0_threshold: int = Field(
        10_000,
        ge=0,
        le=1_000_000,
        description="each worker freezes its start-up heap and collects young objects after this many allocations "
        "instead of Python's 700 (0: Python's defaults)",
    )
    slow_request_s: float = Field(1.0, gt=0, description="requests slower than this are logged with their Cypher")
    request_log_interval_s: float = Field(
        0.05, ge=0, le=5,
        description="requests' log lines and metrics are written in batches at most this late (0: one at a time)",
    )  # fmt: skip
    log_format: Literal["json", "text"] = Field("json", description="json: one object per line; text: for a terminal")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    otlp_endpoint: str | None = Field(
        None, description="OTLP/HTTP collector (e.g. http://127.0.0.1:4318) to send traces to; needs partnernet[otel]"
    )

    max_query_depth: int = Field(12, ge=1, le=100)
    max_aliases: int = Field(30, ge=1)
    max_tokens: int = Field(5000, ge=10)
    # Safe to expose (README, "Limits"): what one request may cost and carry.
    max_cost: int = Field(
        100_000, ge=1, description="cost budget: the objects a request may return, page sizes multiplied down the tree"
    )
    max_body_bytes: int = Field(1 << 20, ge=1024, description="request bodies above this get 413")
    max_response_bytes: int = Field(16 << 20, ge=1024, description="answers above this are refused (LIMIT_EXCEEDED)")
    introspection: bool | None = Field(None, description="answer introspection (default: in dev only)")
    graphiql: bool | None = Field(None, description="serve GraphiQL on GET /graphql (default: in dev only)")
    cors_origins: list[str] = Field(
        default_factory=list, description="origins allowed to call from a browser (a JSON list; none: same origin only)"
    )
    cors_allow_credentials: bool = Field(False, description="let those origins send credentials (never with '*')")
    rate_limit_per_minute: int = Field(
        600, ge=0, description="requests per minute per token, and per client address for anonymous callers (0: off)"
    )
    persisted_queries: Literal["off", "auto", "allowlist"] = Field(
        "auto",
        description="auto: clients may send a sha256 hash of a known document (Apollo APQ); allowlist: only "
        "registered documents run",
    )
    persisted_queries_file: Path | None = Field(
        None, description="JSON {sha256: document} of registered documents (the explorer's are registered too)"
    )

    # Editing (issue 7): bearer tokens, privacy and live updates.
    jwt_secret: SecretStr | None = Field(
        None, description="HS256 signing key of bearer tokens, 32+ characters; required in prod, a dev default in dev"
    )
    jwt_issuer: str = Field("partnernet", min_length=1, description="the iss claim of issued tokens")
    token_ttl_days: float = Field(90.0, gt=0, le=3650, description="default lifetime of an issued token")
    change_poll_interval_s: float = Field(
        0.5, gt=0, le=60, description="how often a graphChanged subscription reads new changes from the change log"
    )

    @field_validator("neo4j_uri")
    @classmethod
    def _uri_scheme(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in _URI_SCHEMES:
            raise ValueError(f"must start with one of {', '.join(s + '://' for s in _URI_SCHEMES)}; got {value!r}")
        return value

    @model_validator(mode="after")
    def _cors(self) -> Settings:
        if self.cors_allow_credentials and "*" in self.cors_origins:
            raise ValueError("PARTNERNET_CORS_ORIGINS may not hold '*' when PARTNERNET_CORS_ALLOW_CREDENTIALS is true")
        return self

    @property
    def introspection_on(self) -> bool:
        """Whether introspection is answered: the setting, else only in dev."""
        return self.introspection if self.introspection is not None else self.environment == "dev"

    @property
    def graphiql_on(self) -> bool:
        """Whether GraphiQL is served: the setting, else only in dev."""
        return self.graphiql if self.graphiql is not None else self.environment == "dev"

    @model_validator(mode="after")
    def _ports_differ(self) -> Settings:
        if self.neo4j_bolt_port == self.neo4j_http_port:
            raise ValueError("PARTNERNET_NEO4J_BOLT_PORT and PARTNERNET_NEO4J_HTTP_PORT must differ")
        return self

    @model_validator(mode="after")
    def _jwt_secret_in_prod(self) -> Settings:
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else None
        if secret is not None and len(secret) < 32:
            raise ValueError("PARTNERNET_JWT_SECRET must be at least 32 characters")
        if self.environment == "prod" and (secret is None or secret == DEV_JWT_SECRET):
            raise ValueError("PARTNERNET_JWT_SECRET must be set (32+ random characters) when environment is prod")
        return self

    @property
    def signing_key(self) -> str:
        """The HS256 key tokens are signed with: the configured secret, or the dev default outside prod."""
        return self.jwt_secret.get_secret_value() if self.jwt_secret else DEV_JWT_SECRET

    @property
    def uses_managed_server(self) -> bool:
        """True when the URI points at the local server the launcher manages."""
        host_port = self.neo4j_uri.split("://", 1)[1].split("/", 1)[0]
        return host_port in {f"127.0.0.1:{self.neo4j_bolt_port}", f"localhost:{self.neo4j_bolt_port}"}

    def child_env(self, base: Mapping[str, str]) -> dict[str, str]:
        """`base` plus the variables that make a child process (a uvicorn, a CLI call) read these Neo4j and token
        settings, so it talks to the same server as this process."""
        env = dict(base)
        env.update(
            {
                "PARTNERNET_NEO4J_URI": self.neo4j_uri,
                "PARTNERNET_NEO4J_USER": self.neo4j_user,
                "PARTNERNET_NEO4J_PASSWORD": self.neo4j_password.get_secret_value(),
                "PARTNERNET_NEO4J_DATABASE": self.neo4j_database,
                "PARTNERNET_NEO4J_HOME": str(self.neo4j_home),
                "PARTNERNET_NEO4J_BOLT_PORT": str(self.neo4j_bolt_port),
                "PARTNERNET_NEO4J_HTTP_PORT": str(self.neo4j_http_port),
                "PARTNERNET_ENVIRONMENT": self.environment,
            }
        )
        if self.jwt_secret is not None:
            env["PARTNERNET_JWT_SECRET"] = self.jwt_secret.get_secret_value()
        return env


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def describe_validation_error(exc: Exception) -> str:
    """Turn a pydantic ValidationError into lines naming the environment variable at fault."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return str(exc)
    secret_fields = {name for name, f in Settings.model_fields.items() if f.annotation in (SecretStr, SecretStr | None)}
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = [str(p) for p in err["loc"] if p != "__root__"]
        var = "PARTNERNET_" + loc[0].upper() if loc else "settings"
        # The value is shown only for a field that is not a secret; a rule over several settings (a model
        # validator) names them in its message and shows no value at all.
        shown = ""
        if loc and loc[0] not in secret_fields:
            shown = f" (got {_field_input(exc, err['loc'])!r})"
        lines.append(f"{var}: {err['msg'].removeprefix('Value error, ')}{shown}")
    return "invalid settings:\n  " + "\n  ".join(lines)


def _field_input(exc: Any, loc: tuple[Any, ...]) -> Any:
    """The input pydantic saw for the field at `loc` (an error of one field carries it)."""
    for err in exc.errors(include_url=False):
        if err["loc"] == loc:
            return err.get("input")
    return None
