"""pioneras.fragments: the navigation rendered once for the pages that show it alike."""
from __future__ import annotations

from jinja2 import DictLoader, Environment

from pioneras.fragments import FragmentCache, excerpt_key, nav_key

NAV = ["", "proyecto/", "historias/", "informes-fotograficos/"]


def test_pages_in_the_same_folder_outside_the_navigation_share_a_key():
    active = (False, False, True, False)
    one = nav_key("es", "historias/bench-0001/", NAV, active)
    assert one is not None and one == nav_key("es", "historias/otra/", NAV, active)
    assert one != nav_key("en", "historias/otra/", NAV, active)                  # other language
    assert one != nav_key("es", "historias/archivo/2025/", NAV, active)          # links one level deeper
    assert one != nav_key("es", "historias/otra/", NAV, (False,) * 4)            # other tab active


def test_a_page_in_the_navigation_or_holding_an_item_or_not_a_folder_is_rendered_in_full():
    assert nav_key("es", "proyecto/", NAV, ()) is None
    assert nav_key("es", "historias/", NAV, ()) is None
    assert nav_key("es", "informes/", [*NAV, "informes/2025/"], ()) is None     # an item inside its folder
    assert nav_key("es", "pagina.html", NAV, ()) is None


def _env(store):
    env = Environment(loader=DictLoader({"t": "{% cache key, 'nav' %}[{{ draw() }}]{% endcache %}"}),
                      extensions=[FragmentCache], autoescape=True)
    env.fragments = store
    return env


def test_the_body_is_rendered_once_per_key_and_part():
    calls = []
    draw = lambda: calls.append(1) or len(calls)  # noqa: E731
    env = _env({})
    template = env.get_template("t")
    assert [template.render(key=("es", "historias"), draw=draw) for _ in range(3)] == ["[1]"] * 3
    assert template.render(key=("en", "historias"), draw=draw) == "[2]"
    assert template.render(key=None, draw=draw) == "[3]"                 # no key: every time
    assert template.render(draw=draw) == "[4]"                           # undefined: every time
    assert len(env.fragments) == 2


def test_without_a_store_nothing_is_kept():
    calls = []
    template = _env(None).get_template("t")
    for _ in range(2):
        template.render(key=("es", ""), draw=lambda: calls.append(1) or len(calls))
    assert len(calls) == 2


def _entry(**changes):
    entry = {"title": "Historia 1", "url": "historias/uno/", "href": "../../uno/", "fallback": False,
             "categories": [("Talleres", "historias/categoria/talleres/")],
             "category_links": [("Talleres", "../../categoria/talleres/")],
             "authors": ["Rosa"], "cover_html": '<picture loading="lazy"></picture>'}
    return {**entry, **changes}


def test_an_excerpt_key_holds_every_value_the_excerpt_shows():
    key = excerpt_key("es", _entry())
    hash(key)                                                             # usable as a cache key
    assert key == excerpt_key("es", _entry())
    assert key != excerpt_key("en", _entry())                             # other labels
    assert key != excerpt_key("es", _entry(href="../uno/"))               # a list at another depth
    assert key != excerpt_key("es", _entry(category_links=[("Talleres", "./")]))   # on its category's page
    assert key != excerpt_key("es", _entry(cover_html='<picture loading="eager"></picture>'))   # first on its page
    assert key != excerpt_key("es", _entry(fallback=True))
    assert key != excerpt_key("es", _entry(authors=["Rosa", "Ana"]))


def test_an_excerpt_is_rendered_once_per_key():
    calls = []
    env = Environment(loader=DictLoader({"t": "{% cache entry.key, 'excerpt' %}<a href=\"{{ entry.href }}\">"
                                              "{{ draw() }}</a>{% endcache %}"}),
                      extensions=[FragmentCache], autoescape=True)
    env.fragments = {}
    template = env.get_template("t")
    draw = lambda: calls.append(1) or len(calls)  # noqa: E731
    same = [template.render(entry={**e, "key": excerpt_key("es", e)}, draw=draw) for e in (_entry(), _entry())]
    other = _entry(href="../uno/")
    assert same == ['<a href="../../uno/">1</a>'] * 2
    assert template.render(entry={**other, "key": excerpt_key("es", other)}, draw=draw) == '<a href="../uno/">2</a>'
