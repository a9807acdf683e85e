"""The GitHub Actions workflows: linted (actionlint, zizmor offline) and held to the project's rules.

Rules: pull requests are checked with `pull_request` only (never `pull_request_target` or
`workflow_run`, which run with the base repository's rights on a fork's code); every
workflow's default token can only read; only pages.yml's deploy job may write, and only
Pages; deploys run from main only; every action is pinned to a full commit SHA, with its
release in a comment, and that SHA is one we checked (table below).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .scriptload import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>\S+)(?:\s*#\s*(?P<comment>.*\S))?\s*$")
SHA = re.compile(r"^[0-9a-f]{40}$")

# Each pinned commit was read in the action's own repository: the release tag points at it,
# it is on the main or releases/ branch, and its action.yml says `runs.using: node24`.
# upload-pages-artifact is a composite action; at this commit it pins
# actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f (v7.0.0, node24) itself.
# To move a pin: check the same three things, then change the workflow and this table.
VERIFIED = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/cache/restore": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """`on:` (PyYAML reads the bare key `on` as True), always as a mapping."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on or {}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def tool(name: str) -> str:
    """The linter installed with the project (requirements.lock), or a skip / failure."""
    here = Path(sys.executable).parent / (name + (".exe" if os.name == "nt" else ""))
    found = str(here) if here.exists() else shutil.which(name)
    if found:
        return found
    reason = (f"{name} no está instalado: ejecute python3 tasks.py test / {name} is not installed "
              "(requirements.lock installs it on x86_64 Linux, Windows and macOS): run python3 tasks.py test")
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([tool("actionlint"), "-no-color", "-oneline", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def zizmor(paths: list[Path]) -> tuple[int, list[dict]]:
    """Offline (no GitHub API), the strictest persona, and no config file that could mute it."""
    done = subprocess.run([tool("zizmor"), "--offline", "--no-config", "--persona=pedantic",
                           "--format=json", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout or "[]")


# --------------------------------------------------------------------------- the linters

def test_there_are_the_two_workflows():
    assert {p.name for p in WORKFLOWS} >= {"pages.yml", "checks.yml"}


def test_actionlint_finds_nothing():
    done = actionlint(WORKFLOWS)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_zizmor_finds_nothing():
    code, findings = zizmor(WORKFLOWS)
    assert [(f["ident"], f["desc"]) for f in findings] == [] and code == 0


def test_the_linters_do_catch_a_dangerous_workflow(tmp_path):
    """The same calls flag a workflow that checks out a fork's code with the base's rights."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    linted = actionlint([bad])
    assert linted.returncode != 0 and "potentially untrusted" in linted.stdout
    code, findings = zizmor([bad])
    assert code != 0
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= {f["ident"] for f in findings}


# --------------------------------------------------------------------------- the rules

def test_every_action_is_pinned_to_a_verified_release():
    pinned = 0
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = USES.match(line)
            if not found or found["ref"].startswith("./"):
                continue
            where = f"{path.name}:{number}"
            action, _, sha = found["ref"].partition("@")
            assert SHA.match(sha), f"{where}: {found['ref']} is not pinned to a full commit SHA"
            tag = (found["comment"] or "").strip()
            assert re.fullmatch(r"v\d+\.\d+\.\d+", tag), f"{where}: say which release the SHA is (# vX.Y.Z)"
            assert VERIFIED.get(action) == (sha, tag), (
                f"{where}: {action}@{sha} # {tag} is not a pin we checked (see VERIFIED)")
            pinned += 1
    assert pinned >= 8


def test_no_workflow_runs_a_forks_code_with_the_base_repositorys_rights():
    for path in WORKFLOWS:
        on = triggers(load(path))
        assert not {"pull_request_target", "workflow_run"} & set(on), path.name
        assert "secrets." not in path.read_text(encoding="utf-8"), f"{path.name} uses a secret"


def test_every_token_reads_only_except_pages_deploy():
    writers = {}
    for path in WORKFLOWS:
        wf = load(path)
        assert wf.get("permissions") == {"contents": "read"}, f"{path.name}: top level must be exactly contents: read"
        for name, job in wf["jobs"].items():
            perms = job.get("permissions") or {}
            assert isinstance(perms, dict), f"{path.name}/{name}: {perms}"
            writes = {k for k, v in perms.items() if v == "write"}
            if writes:
                writers[f"{path.name}/{name}"] = writes
    assert writers == {"pages.yml/deploy": {"pages", "id-token"}}, writers
    deploy = load(ROOT / ".github/workflows/pages.yml")["jobs"]["deploy"]
    assert all("run" not in s for s in deploy["steps"]), "the job holding the Pages token runs no shell step"


def test_deploys_only_from_main():
    pages = load(ROOT / ".github/workflows/pages.yml")
    assert triggers(pages) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    for path in WORKFLOWS:
        publishes = [s["uses"] for s in steps(load(path))
                     if s.get("uses", "").startswith(("actions/deploy-pages@", "actions/upload-pages-artifact@"))]
        assert not publishes or path.name == "pages.yml", f"{path.name} publishes: {publishes}"


def test_no_checkout_keeps_the_token_and_no_script_interpolates_an_expression():
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name
            # Values reach scripts through env: only; ${{ }} in a script is how injection happens.
            assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}: {step['run']}"


def test_pull_requests_get_every_check_and_a_summary_even_after_a_failure():
    checks = load(ROOT / ".github/workflows/checks.yml")
    assert triggers(checks) == {"pull_request": None}
    (job,) = checks["jobs"].values()
    runs = [s for s in job["steps"] if "run" in s]
    commands = {name: next((s for s in runs if f" {name} -- " in s["run"]), None)
                for name in ("privacy", "check", "build")}
    assert commands["check"] and "tasks.py check" in commands["check"]["run"]
    assert commands["privacy"] and "scripts/pr_privacy.py HEAD^1 HEAD^2" in commands["privacy"]["run"]
    assert commands["build"] and "tasks.py build" in commands["build"]["run"]
    for step in commands.values():
        assert step["run"].startswith("python3 scripts/ci_run.py "), step["run"]
        assert "!cancelled()" in step.get("if", ""), f"{step['name']} must run after a failed check"
    summary = runs[-1]
    assert "scripts/ci_summary.py" in summary["run"] and '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary.get("if") == "${{ !cancelled() }}"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the privacy guard reads every commit of the pull request"
