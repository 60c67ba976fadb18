"""What every page shares: JSON safe inside a script element, safe links, the content policy."""

from __future__ import annotations

import json
import re

from powermap.graph.site.templating import content_security_policy, safe_href, script_json


def test_script_json_escapes_what_could_close_the_script_element() -> None:
    value = {"t": "</script><!-- & \u2028\u2029 <b>"}
    text = str(script_json(value))
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_site_pages_run_only_the_scripts_of_the_site() -> None:
    assert "script-src 'self';" in content_security_policy()
    assert "sha256" not in content_security_policy()


def test_only_relative_paths_and_web_addresses_become_links() -> None:
    assert safe_href("analysis/a1.html") == "analysis/a1.html"
    assert safe_href("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//elsewhere.org", "a b", "", None):
        assert safe_href(bad) is None, bad
