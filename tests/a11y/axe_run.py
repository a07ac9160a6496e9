"""axe-core in headless Chromium, without a Python browser driver.

The page under test gets axe.min.js and a small runner inlined before `</body>`; Chromium
loads it from a file, runs axe with the WCAG 2.0/2.1 A and AA rules (tags wcag2a, wcag2aa,
wcag21a, wcag21aa) and the runner writes the result as JSON into a `<pre>` that
`--dump-dom` prints (`--virtual-time-budget` lets the promise settle before the dump).

Where the tools are: `DVMEET_AXE_CORE` names axe.min.js or the folder npm installed it
into (`npm install --prefix DIR axe-core@4`), by default `~/.cache/dvmeet-axe` as
.ci/run installs it; `DVMEET_CHROMIUM` names the browser, else
`chromium`, `chromium-browser` or `google-chrome` on the PATH."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUNNER = """<script>%(axe)s</script><script>
(function () {
  function put(value) {
    var pre = document.createElement("pre");
    pre.id = "dvmeet-axe-result";
    pre.textContent = JSON.stringify(value);
    document.body.appendChild(pre);
  }
  axe.run(document, {runOnly: {type: "tag", values: %(tags)s},
                     resultTypes: ["violations"]})
    .then(function (r) {
      put({version: axe.version, passes: r.passes.map(function (p) { return p.id; }),
           violations: r.violations.map(function (v) {
             return {id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(function (n) {
                       return n.target.join(" ") + ": " + n.failureSummary; })}; })});
    })
    .catch(function (e) { put({error: String(e)}); });
})();
</script>"""

_RESULT = re.compile(r'<pre id="dvmeet-axe-result">(.*?)</pre>', re.S)


def axe_script() -> Path | None:
    """axe.min.js, or None when it is not installed."""
    named = os.environ.get("DVMEET_AXE_CORE")
    if named:
        path = Path(named)
    else:  # where .ci/run installs it when DVMEET_AXE_CORE is not set
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(cache) / "dvmeet-axe"
    for candidate in (path, path / "axe.min.js", path / "node_modules/axe-core/axe.min.js"):
        if candidate.is_file():
            return candidate
    return None


def chromium() -> str | None:
    named = os.environ.get("DVMEET_CHROMIUM")
    if named:
        return shutil.which(named)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_tools() -> str | None:
    """Why the browser check cannot run here, or None."""
    if chromium() is None:
        return "no Chromium on the PATH (apt-get install chromium, or set DVMEET_CHROMIUM)"
    if axe_script() is None:
        return (
            "axe-core not found: npm install --prefix DIR axe-core@4 and set "
            "DVMEET_AXE_CORE=DIR (see .ci/run)"
        )
    return None


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def run_axe(page: bytes) -> dict[str, Any]:
    """axe-core's verdict on the HTML page `page`: {"version", "passes", "violations"}."""
    browser, script = chromium(), axe_script()
    assert browser is not None and script is not None, missing_tools()
    text = page.decode("utf-8")
    assert text.count("</body>") == 1
    runner = _RUNNER % {"axe": script.read_text(encoding="utf-8"), "tags": json.dumps(TAGS)}
    with tempfile.TemporaryDirectory(prefix="dvmeet-axe-") as folder:
        path = Path(folder) / "page.html"
        path.write_text(text.replace("</body>", runner + "</body>"), encoding="utf-8")
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # root in a container has no user namespace sandbox
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={folder}/profile",
                "--virtual-time-budget=30000",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    match = _RESULT.search(done.stdout)
    assert match, f"Chromium printed no axe result (exit {done.returncode}): {done.stderr[-2000:]}"
    result: dict[str, Any] = json.loads(_unescape(match.group(1)))
    assert "error" not in result, result
    return result
