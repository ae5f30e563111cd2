"""docs/criteria-format.md: its examples are the reference set and what `flask criteria score` really does."""
import json
import re

import pytest

from tests.conftest import REFERENCE_SET, ROOT

PAGE = ROOT / "docs" / "criteria-format.md"


def examples() -> dict[str, str]:
    """The fenced blocks that follow a `<!-- example: NAME -->` marker, by name."""
    found = re.findall(r"<!-- example: ([\w-]+) -->\n```\w*\n(.*?)\n```", PAGE.read_text(encoding="utf-8"), re.S)
    names = [name for name, _ in found]
    assert len(names) == len(set(names)), names
    return dict(found)


@pytest.fixture
def cli(tmp_path):
    """The application's command line; these commands read files only, so the database stays empty."""
    from criteria_app import create_app
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite'}",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SECRET_KEY": "test-secret"})
    return app.test_cli_runner()


def test_the_set_excerpts_are_the_reference_set():
    shown, reference = examples(), json.loads(REFERENCE_SET.read_text(encoding="utf-8"))
    assert json.loads(shown["set-header"]) == {k: v for k, v in reference.items() if k != "criteria"}
    assert json.loads(shown["set-criterion"]) == reference["criteria"][0]
    assert json.loads(shown["set-count-item"]) == next(
        i for c in reference["criteria"] for i in c["items"] if i["code"] == "TC02.2")


def test_the_answers_example_scores_as_documented(cli, tmp_path):
    shown = examples()
    answers = tmp_path / "answers.json"
    answers.write_text(shown["answers"], encoding="utf-8")
    result = cli.invoke(args=["criteria", "score", str(REFERENCE_SET), str(answers)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1                       # "prints the result on one line"
    assert json.loads(result.stdout) == json.loads(shown["result"])


def test_the_refused_example_gets_the_documented_lines(cli, tmp_path):
    shown = examples()
    answers = tmp_path / "refused.json"
    answers.write_text(shown["refused-answers"], encoding="utf-8")
    result = cli.invoke(args=["criteria", "score", str(REFERENCE_SET), str(answers)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == shown["refused-message"].splitlines()


def test_the_readme_links_the_page_and_starts_its_commands_with_db_upgrade():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/criteria-format.md)" in readme
    commands = readme.split("## Commands", 1)[1].split("```sh\n", 1)[1]
    assert commands.startswith("flask --app wsgi db upgrade")
