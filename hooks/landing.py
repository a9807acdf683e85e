"""MkDocs glue: what the landing pages show besides their own text (overrides/home.html,
overrides/donate.html); the data and the pictures come from pioneras.

* home: ``home.hero``, the cover photo named by the page's ``hero: <report>/<photo>`` (only
  a published, consented photo: a withdrawn or example one leaves the hero as text), and
  ``home.latest_stories`` / ``home.latest_reports``, the three newest of each as cards;
* donate: ``payment_codes``, the Swiss QR-bill and the EPC QR code drawn from
  data/donation.yml once an IBAN is set (pioneras.payment), labelled in the page language.
"""
from __future__ import annotations

from markupsafe import Markup

from pioneras import listings
from pioneras.build import Build
from pioneras.content.data import payment_details
from pioneras.images import markup
from pioneras.payment import payment_codes

HOME_TEMPLATE = "home.html"
DONATE_TEMPLATE = "donate.html"
LATEST = 3


def on_page_context(context, page, config, nav):
    template = page.meta.get("template")
    if template == HOME_TEMPLATE:
        context["home"] = _home(Build.of(config), page)
    elif template == DONATE_TEMPLATE:
        context["payment_codes"] = _payment_codes(Build.of(config))
    return context


def _home(build: Build, page) -> dict:
    base = "../" * len([p for p in page.url.split("/") if p])
    hero = None
    ref = page.meta.get("hero")
    cover = listings.cover_for(build, str(ref)) if ref else None
    if cover is not None:
        hero = Markup(markup.eager_first(cover.html(page.url, build.lang, build, sizes=listings.HERO_SIZES)))

    def story_cover(ref: str) -> str | None:
        found = listings.cover_for(build, ref)
        return found.html(page.url, build.lang, build, decorative=True, sizes=listings.CARD_SIZES) if found else None

    stories = listings.story_cards(build.content.stories.shown_in(build.lang), story_cover, build.words,
                                   build.prefix, LATEST)
    reports = listings.report_cards(build.report_pages(), build.photos, build.words, base, LATEST)
    if hero is None:                    # the first photo of the page loads first
        listings.first_eager(stories or reports)
    return {"hero": hero, "latest_stories": stories, "latest_reports": reports}


def _payment_codes(build: Build) -> list:
    donation = build.content.data.donation
    if donation is None or not donation.iban:
        return []
    result = payment_codes(payment_details(donation), build.words.block("payment"), build.lang)
    return [] if result.problems else result.codes       # problems: pioneras.content said them
