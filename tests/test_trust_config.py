"""Bad configuration: malformed TOML, unknown keys, rule codes and options, broken user rules,
a catastrophically slow user pattern and a plugin that fails to import. Each stops the run
before any file is touched with exit 2 and one line naming the file, rule or plugin; the slow
pattern alone is a per-file finding (TL001) after a bounded time, and the run goes on.
"""
from __future__ import annotations

import importlib.metadata
import textwrap
import time
from pathlib import Path

import pytest

from textlint_cn import api
from textlint_cn.cli import main

DAMAGED = "一、加强\x07组织领导，落实主体责任。\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--no-cache", "-j", "1", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def config_error(capsys, project: Path, *argv: str) -> str:
    """Run with --fix; the config must be refused before any file is touched."""
    code, out, err = run(capsys, "--fix", *argv)
    assert code == 2, (out, err)
    assert (project / "a.txt").read_text(encoding="utf-8") == DAMAGED
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("textlint: error: "), err
    return lines[0]


def user_rule(folder: Path, body: str, name: str = "mine.toml") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")


# --- config files ----------------------------------------------------------------------------------


def test_malformed_toml(project, capsys):
    (project / "textlint.toml").write_text("select = [\"EN\"\nignore = 3\n", encoding="utf-8")
    line = config_error(capsys, project)
    assert f"{project / 'textlint.toml'}: malformed TOML" in line


def test_malformed_pyproject(project, capsys):
    (project / "pyproject.toml").write_text("[tool.textlint\nselect = []\n", encoding="utf-8")
    line = config_error(capsys, project)
    assert "pyproject.toml: malformed TOML" in line


def test_config_that_is_not_utf8(project, capsys):
    (project / "textlint.toml").write_bytes('select = ["编码"]\n'.encode("gbk"))
    assert "textlint.toml: malformed TOML" in config_error(capsys, project)


def test_unknown_keys_are_named_with_the_file(project, capsys):
    (project / "textlint.toml").write_text('selct = ["EN"]\n', encoding="utf-8")
    line = config_error(capsys, project)
    assert "textlint.toml: unknown key(s) selct" in line


@pytest.mark.parametrize("body, expected", [
    ("max-file-size = \"big\"\n", "max-file-size must be a int"),
    ("select = \"EN001\"\n", "select must be a list of strings"),
    ("fail-on = \"fatal\"\n", "fail-on: unknown severity 'fatal'"),
    ("[rules]\nEN001 = 3\n", "[rules] must hold one table of options per rule"),
])
def test_wrong_types_are_named(project, capsys, body, expected):
    (project / "textlint.toml").write_text(body, encoding="utf-8")
    assert expected in config_error(capsys, project)


def test_missing_config_given_explicitly(project, capsys):
    assert "nowhere.toml: config file not found" in config_error(capsys, project, "--config", "nowhere.toml")


# --- rule codes and options ---------------------------------------------------------------------


@pytest.mark.parametrize("argv, expected", [
    (("--select", "XX999"), "select: 'XX999' matches no rule"),
    (("--ignore", "EN001,NOPE"), "ignore: 'NOPE' matches no rule"),
    (("--extend-select", "zz"), "extend-select: 'zz' matches no rule"),
])
def test_unknown_rule_codes_on_the_command_line(project, capsys, argv, expected):
    assert expected in config_error(capsys, project, "--isolated", *argv)


@pytest.mark.parametrize("body, expected", [
    ('select = ["EN999"]\n', "select: 'EN999' matches no rule"),
    ('ignore = ["spacing", "no-such-rule"]\n', "ignore: 'no-such-rule' matches no rule"),
    ('[per-file-ignores]\n"*.txt" = ["NOPE"]\n', "per-file-ignores['*.txt']: 'NOPE' matches no rule"),
    ('[rules.XX001]\nx = 1\n', "options given for unknown rule 'XX001'"),
    ('[rules.EN001]\nstrictness = 2\n', "unknown option(s) strictness for EN001 (control-character)"),
])
def test_unknown_codes_and_options_in_config(project, capsys, body, expected):
    (project / "textlint.toml").write_text(body, encoding="utf-8")
    assert expected in config_error(capsys, project)


# --- user rule folders ------------------------------------------------------------------------------


GOOD_RULE = '''
[[rules]]
code = "U001"
name = "user-rule"
category = "other"
kind = "regex"
pattern = "{pattern}"
summary = "a user rule"
{extra}
'''


def with_rule_dir(project: Path, pattern: str = "加强", extra: str = "") -> None:
    user_rule(project / "myrules", GOOD_RULE.format(pattern=pattern, extra=extra))
    (project / "textlint.toml").write_text('rule-dirs = ["myrules"]\n', encoding="utf-8")


def test_user_rule_folder_works(project, capsys):
    with_rule_dir(project)
    code, out, _ = run(capsys, "a.txt")
    assert "U001" in out and code == 1


def test_invalid_regex_in_a_user_rule_names_file_and_rule(project, capsys):
    with_rule_dir(project, pattern="(unclosed")
    line = config_error(capsys, project)
    assert f"{project / 'myrules' / 'mine.toml'}: rule U001: invalid regex '(unclosed'" in line


def test_invalid_trigger_and_flag_are_named_too(project, capsys):
    with_rule_dir(project, extra='trigger = "[z-a]"')
    assert "mine.toml: rule U001: invalid regex '[z-a]'" in config_error(capsys, project)
    with_rule_dir(project, extra='flags = "IGNORECASE,SHOUTING"')
    assert "mine.toml: rule U001: unknown regex flag 'SHOUTING'" in config_error(capsys, project)


@pytest.mark.parametrize("body, expected", [
    ("[[rules]]\ncode = 'U1'\nname='x'\ncategory='other'\nkind='regex'\nsummary='s'\n", "code must be 1-4 capital letters"),
    ("[[rules]]\ncode = 'U001'\nname='x'\ncategory='other'\nkind='nope'\nsummary='s'\n", "unknown check kind 'nope'"),
    ("[[rules]\n", "malformed TOML"),
    ("[[rules]]\ncode = 'EN001'\nname='dupe'\ncategory='other'\nkind='regex'\npattern='x'\nsummary='s'\n",
     "EN001 is already defined"),
])
def test_broken_user_rule_files(project, capsys, body, expected):
    user_rule(project / "myrules", body)
    (project / "textlint.toml").write_text('rule-dirs = ["myrules"]\n', encoding="utf-8")
    line = config_error(capsys, project)
    assert "mine.toml" in line and expected in line


def test_missing_rule_folder(project, capsys):
    (project / "textlint.toml").write_text('rule-dirs = ["nowhere"]\n', encoding="utf-8")
    assert "nowhere: rule folder does not exist" in config_error(capsys, project)


CATASTROPHIC = r"(x+x+)+y"  # exponential backtracking on a run of x with no y


def test_catastrophic_user_pattern_is_cut_off_and_the_run_goes_on(project, capsys):
    with_rule_dir(project, pattern=CATASTROPHIC, extra="options = { timeout = 0.5 }")
    (project / "b.txt").write_text("加强" + "x" * 5000 + "\x07\n", encoding="utf-8")
    (project / "c.txt").write_text("x" * 5000 + "\n", encoding="utf-8")
    start = time.monotonic()
    code, out, _ = run(capsys, ".")
    elapsed = time.monotonic() - start
    tl001 = [line for line in out.splitlines() if " TL001 " in line]
    assert len(tl001) == 2 and all("rule U001 (user-rule) failed: TimeoutError" in line for line in tl001)
    assert "b.txt:1:5003: EN001" in out  # the other rules still ran on that file
    assert "a.txt:1:5: EN001" in out  # and on the other files
    assert elapsed < 10, elapsed
    assert code == 2


def test_timeout_can_be_set_per_rule_in_config(project, capsys):
    with_rule_dir(project, pattern=CATASTROPHIC, extra="options = { timeout = 60.0 }")
    with open(project / "textlint.toml", "a", encoding="utf-8") as handle:
        handle.write("[rules.U001]\ntimeout = 0.3\n")
    (project / "b.txt").write_text("x" * 5000 + "\n", encoding="utf-8")
    start = time.monotonic()
    code, out, _ = run(capsys, "b.txt")
    assert "TL001" in out and "TimeoutError" in out and time.monotonic() - start < 5 and code == 2


def test_default_timeout_cuts_off_a_pattern_without_one(project, capsys):
    """No ``timeout`` option: the default (5 s per rule and file for texts up to a million
    characters) still bounds it."""
    with_rule_dir(project, pattern=CATASTROPHIC)
    (project / "b.txt").write_text("x" * 5000 + "\n", encoding="utf-8")
    start = time.monotonic()
    code, out, _ = run(capsys, "b.txt")
    elapsed = time.monotonic() - start
    assert "TL001" in out and "TimeoutError" in out and code == 2
    assert 4 < elapsed < 20, elapsed


def test_a_crashing_user_kind_is_reported_per_file(project, capsys, monkeypatch):
    """A Python check kind that raises: TL001 naming rule and place, other rules still run."""
    import sys
    import types

    module = types.ModuleType("textlint_trust_crash")

    def explode(doc, rule):
        yield from ()
        raise RuntimeError("boom")

    module.explode = explode  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textlint_trust_crash", module)
    from textlint_cn import builtin

    monkeypatch.setitem(builtin.KINDS, "crash", "textlint_trust_crash:explode")
    user_rule(project / "myrules", GOOD_RULE.format(pattern="x", extra="").replace('kind = "regex"', 'kind = "crash"'))
    (project / "textlint.toml").write_text('rule-dirs = ["myrules"]\n', encoding="utf-8")
    api._catalogue.cache_clear()
    try:
        code, out, _ = run(capsys, "a.txt")
    finally:
        api._catalogue.cache_clear()
    assert "a.txt:1:1: TL001 rule U001 (user-rule) failed: RuntimeError: boom" in out
    assert "a.txt:1:5: EN001" in out and code == 2


# --- plugins ----------------------------------------------------------------------------------------


def fake_entry_points(monkeypatch, folder: Path, name: str, value: str) -> None:
    """A distribution declaring one pack, installed the way pip lays one out: a ``*.dist-info``
    folder on ``sys.path``. Both discovery paths (our scan, importlib.metadata) then see it."""
    info = folder / f"textlint_fake_{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: textlint-fake-{name}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[textlint_cn.rules]\n{name} = {value}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    api._catalogue.cache_clear()  # the catalogue is cached per process; see clear_catalogue


def _listed(entries):
    return sorted((e.name, e.value, e.version) for e in entries)


def test_pack_discovery_reads_what_importlib_metadata_reads(monkeypatch, tmp_path, clear_catalogue):
    """The quick scan of ``*.dist-info`` folders finds the same packs, values and versions as the
    standard library, for the installed builtin pack and for one more distribution."""
    from textlint_cn import plugins

    fake_entry_points(monkeypatch, tmp_path, "extra", "textlint_extra_pack:PACK [fast]")
    quick = plugins._scan_path_folders()
    assert quick is not None and _listed(quick) == _listed(plugins._metadata_entry_points())
    assert ("extra", "textlint_extra_pack:PACK [fast]", "1.0") in _listed(quick)
    assert any(e.name == "builtin" for e in quick)


def test_pack_discovery_leaves_zips_on_sys_path_to_importlib_metadata(monkeypatch, tmp_path):
    import zipfile

    from textlint_cn import plugins

    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("textlint_zipped-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: textlint-zipped\nVersion: 2.0\n")
        zf.writestr("textlint_zipped-2.0.dist-info/entry_points.txt", "[textlint_cn.rules]\nzipped = textlint_zipped:PACK\n")
    monkeypatch.syspath_prepend(str(archive))
    assert plugins._scan_path_folders() is None
    assert ("zipped", "textlint_zipped:PACK", "2.0") in _listed(plugins.pack_entry_points())


def test_pack_entry_point_loads_dotted_attributes_and_ignores_extras():
    from textlint_cn.plugins import PackEntryPoint, RulePack

    assert isinstance(PackEntryPoint("b", "textlint_cn.builtin:PACK [x]").load(), RulePack)
    assert PackEntryPoint("b", "textlint_cn.plugins:RulePack.__name__").load() == "RulePack"


@pytest.fixture
def clear_catalogue():
    api._catalogue.cache_clear()
    yield
    api._catalogue.cache_clear()


@pytest.mark.parametrize("value, expected", [
    ("textlint_no_such_pack:PACK", "rule pack 'broken' (textlint_no_such_pack:PACK) failed to import: "
                                   "No module named 'textlint_no_such_pack'"),
    ("textlint_cn.builtin:NO_SUCH_NAME", "rule pack 'broken' (textlint_cn.builtin:NO_SUCH_NAME) failed to import"),
    ("textlint_cn.builtin:KINDS", "rule pack 'broken' (textlint_cn.builtin:KINDS) is not a textlint_cn.RulePack"),
])
def test_plugin_that_fails_to_load(project, capsys, monkeypatch, clear_catalogue, tmp_path, value, expected):
    fake_entry_points(monkeypatch, tmp_path / "site", "broken", value)
    assert expected in config_error(capsys, project)
    api._catalogue.cache_clear()
    code = main(["rule"])
    _, err = capsys.readouterr()
    assert code == 2 and expected in err


def test_plugin_whose_import_raises_something_else(project, capsys, monkeypatch, clear_catalogue, tmp_path):
    (tmp_path / "textlint_raising_pack.py").write_text("raise RuntimeError('bad plugin state')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, tmp_path, "raiser", "textlint_raising_pack:PACK")
    line = config_error(capsys, project)
    assert "rule pack 'raiser' (textlint_raising_pack:PACK) failed to import: bad plugin state" in line


def test_plugin_check_kind_that_cannot_be_loaded(project, capsys, monkeypatch, clear_catalogue, tmp_path):
    """A pack that imports but names a kind module that does not: TL001 per file, exit 2."""
    rules = tmp_path / "packrules"
    user_rule(rules, GOOD_RULE.format(pattern="x", extra="").replace('kind = "regex"', 'kind = "ghost"'))
    (tmp_path / "textlint_ghost_pack.py").write_text(textwrap.dedent(f"""
        from textlint_cn.plugins import RulePack
        PACK = RulePack(name="ghost", catalogues=({str(rules)!r},), kinds={{"ghost": "textlint_ghost_kind:check"}})
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, tmp_path, "ghost", "textlint_ghost_pack:PACK")
    code, out, err = run(capsys, "a.txt")
    assert "TL001 rule U001 (user-rule) failed: PluginError: check kind 'textlint_ghost_kind:check' cannot be loaded" in out
    assert "a.txt:1:5: EN001" in out and code == 2
