"""The browser tests' accessibility checks: axe-core's WCAG 2.0/2.1 A and AA rules on a Playwright page, a walk
with Tab through every control, and a screenshot at 200 % zoom.

The engine is vendored (tests/fixtures/vendor/axe-core, its README gives version and licence), so the
check needs no network. `assert_no_violations(page)` fails with every rule, its impact and the first
offending nodes, so a failure says what to mend without opening a browser.
"""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, ROOT

SHOTS = ROOT / "artifacts" / "screenshots" / "a11y"
WIDTHS = {"wide": {"width": 1440, "height": 900}, "narrow": {"width": 390, "height": 844}}
ZOOMED = {"width": 720, "height": 450}  # 1440×900 at 200 %: half the CSS pixels, each drawn twice
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


# Numbers every control that Tab should reach, in DOM order; returns how many. Rendered (not display:none,
# not visibility:hidden, not in a closed <details> or [hidden]), enabled, and not taken out with tabindex=-1.
# An element scrolled out of view or moved off-screen until focused (a skip link) still counts.
NUMBER_TAB_STOPS = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, '
    + '[tabindex], [contenteditable=""], [contenteditable=true]';
  let n = 0;
  for (const el of document.querySelectorAll(selector)) {
    el.removeAttribute('data-tab-stop');
    const shown = el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
    const radioLeftOut = el.type === 'radio' && el.name && !el.checked
      && document.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`);
    if (!shown || el.disabled || el.tabIndex < 0 || el.closest('[inert]') || radioLeftOut) continue;
    el.setAttribute('data-tab-stop', String(n));
    n += 1;
  }
  return n;
}"""

# Records, as the focus moves, which numbered control has it and whether it is drawn: an outline of at least
# 2px, or a box-shadow ring. One record a focus move, read once at the end (a round trip a Tab is slow on
# ReDoc's hundreds of controls).
RECORD_FOCUS = """() => {
  window.__focusWalk = [];
  document.addEventListener('focusin', event => {
    const el = event.target;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    window.__focusWalk.push({stop: el.getAttribute('data-tab-stop'), drawn: outline || style.boxShadow !== 'none',
                             segmented: SEGMENTED.includes(el.type), what: el.outerHTML.slice(0, 120)});
  }, true);
}""".replace("SEGMENTED", str(["date", "time", "datetime-local", "month", "week"]))

# Chromium's date and time inputs take one Tab per part (month, day, year, calendar button): the same control.
SEGMENTED_SELECTOR = ", ".join(f"input[type={kind}]" for kind in ("date", "time", "datetime-local", "month", "week"))


# Blurring is not enough (an autofocused field stays where Tab starts from): focus a throwaway element at the
# top of the page and remove it, which moves Chromium's starting point for Tab to the top.
START_AT_THE_TOP = """() => {
  const mark = document.createElement('span');
  mark.tabIndex = -1;
  document.body.prepend(mark);
  mark.focus();
  mark.remove();
  window.scrollTo(0, 0);
}"""


def keyboard_walk(page, where: str) -> int:
    """Tab from the top of the page to past its last control: every control once, in DOM order, focus drawn.

    Returns the number of controls visited. Fails on a control skipped or reached out of order, on a focus
    not drawn, and on a trap (the focus never leaving the page's controls to come round to the first again).
    """
    page.evaluate(START_AT_THE_TOP)
    expected = page.evaluate(NUMBER_TAB_STOPS)
    assert expected > 0, f"{where}: no control to reach"
    segmented = page.evaluate(f"() => document.querySelectorAll('{SEGMENTED_SELECTOR}').length")
    page.evaluate(RECORD_FOCUS)
    # Enough presses to pass every control, each date's parts, the page itself, and come round to the first.
    for _ in range(expected + 3 * segmented + 2):
        page.keyboard.press("Tab")
    visited: list = []
    for focused in page.evaluate("() => window.__focusWalk"):
        if visited and focused["stop"] == "0":
            break  # round to the first control: the walk left the page's last one
        assert focused["drawn"], f"{where}: the focus is not drawn on {focused['what']}"
        stop = int(focused["stop"]) if focused["stop"] else focused["what"]
        if not (visited and visited[-1] == stop and focused["segmented"]):
            visited.append(stop)
    else:
        pytest.fail(f"{where}: a keyboard trap, the focus never came round to the first control "
                    f"(last: {visited[-5:]})")
    assert visited == list(range(expected)), f"{where}: Tab order {visited} is not the DOM order 0..{expected - 1}"
    return expected


def zoomed_screenshot(browser, url: str, name: str, cookies: list[dict]) -> None:
    """The page at 200 %: a 720×450 CSS viewport drawn at twice the pixels (device_scale_factor=2)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        no_sideways_scroll = page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")
        page.screenshot(path=str(SHOTS / f"{name}-200pct.png"), full_page=False)
    finally:
        context.close()
    assert no_sideways_scroll, f"{name}: at 200 % the page scrolls sideways"
