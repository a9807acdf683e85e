"""pioneras.seo on its own: hreflang, sitemaps, search indexes; the languages come in as a
tuple (the default first), as pioneras.project reads them from mkdocs.yml."""
import gzip

from pioneras import seo

SITE = "https://example.org/repo/"
LANGS = ("es", "en")
THREE = ("es", "en", "qu")


def entry(lang: str, path: str, translated: bool = True, languages=LANGS) -> seo.PageEntry:
    return seo.PageEntry(lang, seo.lang_prefix(lang, languages), path, translated)


def test_the_default_language_has_no_prefix():
    assert [seo.lang_prefix(l, LANGS) for l in LANGS] == ["", "en/"]
    assert [seo.lang_prefix(l, ("en", "es")) for l in ("en", "es")] == ["", "es/"]


def test_neutral_path_strips_only_the_language_prefix():
    assert seo.neutral_path("en/donar/", "en", LANGS) == "donar/"
    assert seo.neutral_path("donar/", "es", LANGS) == "donar/"
    assert seo.neutral_path("enlaces/", "es", LANGS) == "enlaces/"          # 'en' at the start of a word
    assert seo.neutral_path("en/", "en", LANGS) == ""
    assert seo.neutral_path("qu/donar/", "qu", THREE) == "donar/"
    assert seo.neutral_path("en/donar/", "es", LANGS) == "en/donar/"        # only the page's own language


def test_alternates_are_absolute_and_end_with_x_default():
    pairs = seo.alternates("donar/", {"es", "en"}, SITE, LANGS)
    assert pairs == [("es", SITE + "donar/"), ("en", SITE + "en/donar/"), ("x-default", SITE + "donar/")]
    assert seo.alternates("", {"es"}, SITE, LANGS) == [("es", SITE), ("x-default", SITE)]
    # In the languages' order, whatever order the set gives; a third language like the others.
    assert seo.alternates("a/", {"qu", "es"}, SITE, THREE) == [
        ("es", SITE + "a/"), ("qu", SITE + "qu/a/"), ("x-default", SITE + "a/")]


def test_sitemap_lists_one_language_and_skips_fallbacks():
    entries = [entry("es", ""), entry("en", ""), entry("es", "solo/"), entry("en", "solo/", False)]
    en = seo.sitemap(entries, "en", SITE, LANGS)
    assert f"<loc>{SITE}en/</loc>" in en and "solo" not in en
    assert f'hreflang="es" href="{SITE}"' in en and f'hreflang="x-default" href="{SITE}"' in en
    es = seo.sitemap(entries, "es", SITE, LANGS)
    assert f"<loc>{SITE}solo/</loc>" in es and f'hreflang="en" href="{SITE}en/solo/"' not in es
    assert es.count("<url>") == 2 and es.startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_sitemap_of_a_third_language():
    entries = [entry(l, "donar/", languages=THREE) for l in THREE]
    qu = seo.sitemap(entries, "qu", SITE, THREE)
    assert f"<loc>{SITE}qu/donar/</loc>" in qu
    assert [f'hreflang="{l}"' in qu for l in (*THREE, "x-default")] == [True] * 4


def test_search_index_split_relocates_each_languages_entries():
    merged = {"config": {"lang": ["es", "en"], "separator": "x"},
              "docs": [{"location": "", "title": "Inicio"}, {"location": "en/donar/", "title": "Donate"},
                       {"location": "enlaces/", "title": "Enlaces"}]}
    split = seo.split_search_index(merged, LANGS)
    assert split["es"] == {"config": {"lang": ["es"], "separator": "x"},
                           "docs": [{"location": "", "title": "Inicio"}, {"location": "enlaces/", "title": "Enlaces"}]}
    assert split["en"] == {"config": {"lang": ["en"], "separator": "x"},
                           "docs": [{"location": "donar/", "title": "Donate"}]}
    assert merged["docs"][1]["location"] == "en/donar/"           # the input is left as it was
    three = seo.split_search_index({"docs": [{"location": "qu/a/"}, {"location": "a/"}]}, THREE)
    assert three["qu"]["docs"] == [{"location": "a/"}] and three["es"]["docs"] == [{"location": "a/"}]
    assert three["en"]["docs"] == []


def test_robots_txt_names_every_languages_sitemap():
    assert seo.robots_txt(SITE, LANGS) == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\nSitemap: {SITE}en/sitemap.xml\n")


def test_urls_root_path_and_gzip_are_stable():
    assert seo.absolute(SITE, "/en/donar/") == SITE + "en/donar/"
    assert entry("en", "donar/").url(SITE) == SITE + "en/donar/"
    assert seo.root_path(SITE, "en/") == "/repo/en/"
    assert seo.root_path(SITE, "") == "/repo/"
    packed = seo.gzipped("<urlset>ñ</urlset>")
    assert gzip.decompress(packed).decode("utf-8") == "<urlset>ñ</urlset>"
    assert packed[4:8] == b"\0\0\0\0"            # no time in the header: rebuilds give the same bytes
    assert seo.search_json({"a": "ñ"}) == '{"a":"ñ"}'
