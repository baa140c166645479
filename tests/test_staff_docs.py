"""Staff docs name every key and command the code takes, with an example (the brief: every key and
command documented in staff/ with examples). A key added to the code without a line in staff/
fails here, naming the key and the guide it belongs in."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from hromada import cli, consent, schema, settings

STAFF = Path(__file__).resolve().parent.parent / "staff"
HROMADA = Path(__file__).resolve().parent.parent / "hromada"


def _guide(name: str) -> str:
    return (STAFF / name).read_text(encoding="utf-8")


def _examples(text: str) -> str:
    """The fenced code blocks of a guide, joined: where an editor copies from."""
    return "\n".join(re.findall(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", text, re.S | re.M))


def _in_prose(key: str, text: str) -> bool:
    """The key written as code (`key`, `key: value`, `extra.hromada.key`, `footer.pages`) in the guide."""
    return re.search(r"`(?:[\w.]*\.)?" + re.escape(key) + r"(?:\.[\w.]+)?(?::[^`]*)?`", text) is not None


def _in_example(key: str, text: str) -> bool:
    """The key given a value in one of the guide's examples: a code block (YAML: `key:`, also as
    `- key:` or {key: ...}), or written with its value in the text (`updated: 2026-03-02`)."""
    if re.search(r"(?:^\s*(?:- )?|[{,]\s*)" + re.escape(key) + r":", _examples(text), re.M):
        return True
    return re.search(r"`(?:[\w.]*\.)?" + re.escape(key) + r": [^`]+`", text) is not None


FRONT_MATTER = sorted(schema.COMMON_KEYS | frozenset().union(*schema.EXTRA_KEYS.values()) | schema.MEDIA_KEYS)
REGISTER = sorted(consent.TOP_KEYS | consent.CONSENT_KEYS | consent.SCOPE_KEYS)
SETTINGS = sorted({*settings.DEFAULTS, *settings.STRUCTURED, *settings.ACTION_KEYS, *settings.COLOR_KEYS,
                   *settings.FOOTER_KEYS})


@pytest.mark.parametrize("key", FRONT_MATTER)
def test_every_front_matter_key_is_in_the_content_guide_with_an_example(key):
    text = _guide("content-guide.md")
    assert _in_prose(key, text), f"staff/content-guide.md does not explain front-matter key `{key}`"
    assert _in_example(key, text), f"staff/content-guide.md has no example with `{key}:`"


@pytest.mark.parametrize("key", REGISTER)
def test_every_consent_record_key_is_in_the_consent_guide_with_an_example(key):
    text = _guide("consent-guide.md")
    assert _in_prose(key, text), f"staff/consent-guide.md does not explain consent record key `{key}`"
    assert _in_example(key, text), f"staff/consent-guide.md has no example with `{key}:`"


@pytest.mark.parametrize("key", SETTINGS + ["categories"])
def test_every_setting_is_in_the_content_guide_with_an_example(key):
    text = _guide("content-guide.md")
    assert _in_prose(key, text), f"staff/content-guide.md does not explain the setting `{key}`"
    assert _in_example(key, text), f"staff/content-guide.md has no mkdocs.yml example with `{key}:`"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands() -> list[tuple[str, list[list[str]]]]:
    """('hromada check', [['-f', '--config'], ['-v', '--verbose']]) for every command and `new` type."""
    found = []
    for name, sub in _subcommands(cli.parser()).items():
        options = [[o for o in a.option_strings] for a in sub._actions if a.option_strings and a.dest != "help"]
        found.append((f"hromada {name}", options))
        found += [(f"hromada {name} {kind}", []) for kind in _subcommands(sub)]
    return found


def test_the_command_list_is_read_from_the_cli():
    """Positive control: the walk over the parser finds the commands and options it must."""
    commands = dict(_commands())
    assert {"hromada check", "hromada serve", "hromada new person", "hromada purge-list"} <= set(commands)
    assert ["-a", "--dev-addr"] in commands["hromada serve"]
    assert len(commands) >= 18


@pytest.mark.parametrize("command,options", _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_and_option_is_in_the_staff_docs(command, options):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(STAFF.glob("*.md")))
    uses = re.findall(re.escape(command) + r"\b[^\n`]*", text)
    assert uses, f"staff/ never shows `{command}`"
    for spellings in options:
        assert any(re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", text) for o in spellings), \
            f"staff/ does not show {command}'s option {' or '.join(spellings)}"


def test_every_environment_variable_is_in_the_staff_docs():
    names = sorted({n for p in HROMADA.glob("*.py") for n in re.findall(r"\bHROMADA_[A-Z_]+\b", p.read_text(encoding="utf-8"))})
    assert {"HROMADA_NOW", "HROMADA_LANGUAGES", "HROMADA_DENYLIST"} <= set(names)  # the search finds them
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(STAFF.glob("*.md")))
    missing = [n for n in names if not re.search(n + r"=\S", text)]
    assert not missing, f"staff/ has no example setting {', '.join(missing)}"


def test_the_checks_fail_on_a_key_no_guide_has():
    """Negative control: a made-up key is neither explained nor exemplified."""
    text = _guide("content-guide.md")
    assert not _in_prose("made_up_key", text) and not _in_example("made_up_key", text)
    assert _in_example("title", "```yaml\ntitle: x\n```\n") and not _in_example("title", "title: x\n")
