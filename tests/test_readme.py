"""The README's two commands are the ones the project runs: CI calls the test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("python3 -m venv")]


def test_readme_gives_a_build_and_a_test_command():
    build, test = _commands()[:2]
    assert build.endswith("smkg build")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test = _commands()[1]
    assert test in ci.splitlines()


def test_readme_lists_every_command_and_every_named_query():
    """The command table and the query catalogue stay true."""
    from typer.main import get_command

    from graph.cli import app
    from graph.queries import query_names

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in get_command(app).commands:
        assert f"| `smkg {command}" in readme, command
    for name in query_names():
        assert f"| `{name}` |" in readme, name
