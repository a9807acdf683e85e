"""Stories (the site's blog): posts, list/archive/category views, feeds, reading time.

Plain Python, no MkDocs import; ``hooks/stories.py`` is the only glue.

Where things are
----------------
* A post is ``docs/<lang>/historias/<name>.md``; its translation has the SAME file name
  in the other language folder. So both have the same path (``historias/<name>/`` and
  ``en/historias/<name>/``): static-i18n's language switch, the hreflang links and the
  sitemap (pioneras.seo) pair them with no extra work.
* ``docs/<lang>/historias/index.md`` is the list page (its text is the introduction).
* Categories are declared once, with their names per language, in ``data/stories.yml``;
  a post names them by key (``categories: [historia]``).
* Generated views, per language, same paths in both: ``historias/pagina/<n>/``,
  ``historias/archivo/<year>/`` and ``historias/categoria/<key>/`` (each paginated too).
* Feeds per language, only that language's posts: ``historias/rss.xml`` (RSS 2.0),
  ``historias/atom.xml`` (Atom 1.0), ``historias/feed.json`` (JSON Feed 1.1).

A list in English shows the English posts and, marked as Spanish, the posts that have no
English version yet (as the rest of the site shows untranslated pages); the English
feeds never contain a Spanish post.

Reading the posts is pioneras.content's job (one reader of front matter for every
page); the words are each language's ``stories:`` block in data/ui.yml.

Modules: ``words`` (paths, feeds, dates), ``posts`` (the section's posts, reading time),
``views`` (list/archive/category pages), ``feeds`` (RSS, Atom, JSON Feed), ``jsonld``
(schema.org). Everything is re-exported here for the hooks.
"""
from pioneras.seo import absolute  # noqa: F401

from .words import *  # noqa: F401,F403
from .posts import *  # noqa: F401,F403
from .views import *  # noqa: F401,F403
from .feeds import *  # noqa: F401,F403
from .jsonld import *  # noqa: F401,F403
