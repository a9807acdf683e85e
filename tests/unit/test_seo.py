from pioneras import seo

SITE = "https://example.org/repo/"


def test_neutral_path_strips_only_the_language_prefix():
    assert seo.neutral_path("en/donar/", "en") == "donar/"
    assert seo.neutral_path("donar/", "es") == "donar/"
    assert seo.neutral_path("enlaces/", "es") == "enlaces/"


def test_alternates_are_absolute_and_end_with_x_default():
    pairs = seo.alternates("donar/", {"es", "en"}, SITE)
    assert pairs == [("es", SITE + "donar/"), ("en", SITE + "en/donar/"), ("x-default", SITE + "donar/")]
    assert seo.alternates("", {"es"}, SITE) == [("es", SITE), ("x-default", SITE)]


def test_sitemap_lists_one_language_and_skips_fallbacks():
    entries = [seo.PageEntry("es", "", True), seo.PageEntry("en", "", True),
               seo.PageEntry("es", "solo/", True), seo.PageEntry("en", "solo/", False)]
    en = seo.sitemap(entries, "en", SITE)
    assert f"<loc>{SITE}en/</loc>" in en and "solo" not in en
    es = seo.sitemap(entries, "es", SITE)
    assert f"<loc>{SITE}solo/</loc>" in es and f'hreflang="en" href="{SITE}en/solo/"' not in es


def test_search_index_split_relocates_english_entries():
    merged = {"config": {"lang": ["es", "en"], "separator": "x"},
              "docs": [{"location": "", "title": "Inicio"}, {"location": "en/donar/", "title": "Donate"}]}
    split = seo.split_search_index(merged)
    assert split["es"] == {"config": {"lang": ["es"], "separator": "x"}, "docs": [{"location": "", "title": "Inicio"}]}
    assert split["en"]["docs"] == [{"location": "donar/", "title": "Donate"}]


def test_root_path_and_gzip_are_stable():
    assert seo.root_path(SITE, "en") == "/repo/en/"
    assert seo.gzipped("x") == seo.gzipped("x")
