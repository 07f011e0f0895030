"""The axe-core audit the browser tests run in pages: axe from npm, pinned in
tests/browser/package-lock.json and installed beside this file by `make browser-js`."""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, plus the heading and landmark rules axe files under best
# practice (headings in order, one h1, one main): the issue asks for those too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_EXTRA_RULES = ["heading-order", "page-has-heading-one", "landmark-one-main", "region"]
AXE_RUN = """([tags, extra]) => {
  const rules = axe.getRules(tags).map(r => r.ruleId).concat(extra);
  return axe.run(document, {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]})
    .then(result => result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(" ")),
    })));
}"""


def axe_violations(page) -> list[str]:
    """Every A/AA violation axe-core finds in the page as it is now, one line each:
    rule id, impact, what the rule asks, and the CSS targets of the failing nodes."""
    if not AXE_SCRIPT.is_file():
        raise AssertionError("axe-core is missing: run `make browser-js` (npm ci in tests/browser)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    found = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_EXTRA_RULES])
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}" for v in found]
