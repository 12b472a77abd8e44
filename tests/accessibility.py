"""axe-core in the browser tests: the WCAG 2.0/2.1 A and AA rules run on a Playwright page.

The engine is vendored (tests/fixtures/vendor/axe-core, its README gives version and licence), so the
check needs no network. `assert_no_violations(page)` fails with every rule, its impact and the first
offending nodes, so a failure says what to mend without opening a browser.
"""

from __future__ import annotations

from tests.conftest import FIXTURES

AXE_JS = FIXTURES / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Every WCAG A/AA violation axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: pages with a Content-Security-Policy
        # (the API docs) would refuse an inline script.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict], nodes_per_rule: int = 3) -> str:
    lines = []
    for violation in violations:
        nodes = len(violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {nodes} nodes")
        for node in violation["nodes"][:nodes_per_rule]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_no_violations(page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG A/AA violations on {where or page.url}:\n{describe(violations)}"
