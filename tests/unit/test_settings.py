"""Settings validation: bad values fail at start with a message naming the variable."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from service.core.settings import REPO_ROOT, Settings, describe_validation_error


def test_defaults_use_the_routing_scheme() -> None:
    s = Settings(_env_file=None)
    assert s.neo4j_uri.startswith("neo4j://")
    assert s.environment in {"dev", "prod"}


@pytest.mark.parametrize(
    ("var", "value", "fragment"),
    [
        ("PARTNERNET_NEO4J_URI", "http://localhost:7474", "PARTNERNET_NEO4J_URI"),
        ("PARTNERNET_HTTP_PORT", "99999", "PARTNERNET_HTTP_PORT"),
        ("PARTNERNET_HTTP_PORT", "eighty", "PARTNERNET_HTTP_PORT"),
        ("PARTNERNET_ENVIRONMENT", "staging", "PARTNERNET_ENVIRONMENT"),
        ("PARTNERNET_WORKERS", "0", "PARTNERNET_WORKERS"),
        ("PARTNERNET_NEO4J_HEAP", "lots", "PARTNERNET_NEO4J_HEAP"),
        ("PARTNERNET_QUERY_TIMEOUT_S", "-1", "PARTNERNET_QUERY_TIMEOUT_S"),
    ],
)
def test_invalid_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, var: str, value: str, fragment: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None)
    assert fragment in describe_validation_error(info.value)


def test_equal_ports_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERNET_NEO4J_BOLT_PORT", "7000")
    monkeypatch.setenv("PARTNERNET_NEO4J_HTTP_PORT", "7000")
    with pytest.raises(ValidationError, match="must differ"):
        Settings(_env_file=None)


@pytest.mark.parametrize(
    ("uri", "managed"),
    [
        ("neo4j://127.0.0.1:7687", True),
        ("bolt://localhost:7687", True),
        ("neo4j://127.0.0.1:7999", False),
        ("neo4j+s://abcd.databases.neo4j.io", False),
    ],
)
def test_uses_managed_server_only_for_the_local_port(uri: str, managed: bool) -> None:
    s = Settings(_env_file=None, neo4j_uri=uri, neo4j_bolt_port=7687)
    assert s.uses_managed_server is managed


def test_password_is_not_printed() -> None:
    s = Settings(_env_file=None, neo4j_password="hunter2-secret")
    assert "hunter2-secret" not in repr(s)


def test_child_env_carries_these_settings_over_the_base() -> None:
    settings = Settings(
        neo4j_uri="neo4j://127.0.0.1:7999", neo4j_bolt_port=7999, neo4j_password="s3cret-pass", jwt_secret="k" * 32
    )
    env = settings.child_env({"PATH": "/bin", "PARTNERNET_NEO4J_URI": "neo4j://elsewhere:7687"})
    assert env["PATH"] == "/bin"
    assert env["PARTNERNET_NEO4J_URI"] == "neo4j://127.0.0.1:7999"
    assert env["PARTNERNET_NEO4J_BOLT_PORT"] == "7999"
    assert env["PARTNERNET_NEO4J_PASSWORD"] == "s3cret-pass"
    assert env["PARTNERNET_JWT_SECRET"] == "k" * 32
    assert "PARTNERNET_JWT_SECRET" not in Settings(jwt_secret=None).child_env({})


def test_every_setting_is_in_the_env_example_and_nothing_else() -> None:
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"PARTNERNET_([A-Z0-9_]+)=", text))
    assert documented == {name.upper() for name in Settings.model_fields}


@pytest.mark.parametrize(
    "env",
    [
        {"PARTNERNET_ENVIRONMENT": "prod", "PARTNERNET_JWT_SECRET": "short-secret-value"},
        {"PARTNERNET_JWT_SECRET": "short-secret-value"},
        {"PARTNERNET_ENVIRONMENT": "prod", "PARTNERNET_JWT_SECRET": "x" * 40, "PARTNERNET_NEO4J_URI": "http://no"},
    ],
)
def test_settings_errors_name_the_setting_never_a_secret(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    from pydantic import ValidationError

    from service.core.settings import Settings, describe_validation_error

    monkeypatch.setenv("PARTNERNET_NEO4J_PASSWORD", "hunter2-neo4j-password")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError) as err:
        Settings(_env_file=None)  # type: ignore[call-arg]
    message = describe_validation_error(err.value)
    assert "PARTNERNET_" in message
    assert "hunter2" not in message
    assert "short-secret-value" not in message
    assert "x" * 40 not in message
