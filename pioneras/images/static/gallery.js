/* Photo-report lightbox, on GLightbox (shipped locally by the mkdocs-glightbox package).
 *
 * An external file on purpose: no inline <script>, so a strict Content-Security-Policy
 * (script-src 'self') holds.  GLightbox's JS and CSS (70 kB) load on the first click
 * only, so gallery pages stay light.  The lightbox opens the largest file in the format
 * this browser already chose for the thumbnails (AVIF, WebP or JPEG), with srcset so a
 * phone takes a smaller one; the caption is the figure's caption, i.e. in the page's
 * language, and the buttons' names come from the gallery's data attributes (the page
 * language's words in data/ui.yml).  Keyboard: Enter on a photo opens it, arrows move, Escape closes and gives
 * the focus back to the photo.  Without JavaScript the link opens the JPEG.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here || !document.addEventListener) return;
  var root = new URL("..", here); // this file is <site>/photos/gallery.js
  var assets = {
    js: new URL("assets/javascripts/glightbox.min.js", root).href,
    css: new URL("assets/stylesheets/glightbox.min.css", root).href
  };
  var loading = null;

  function load() {
    if (window.GLightbox) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = assets.css;
        document.head.appendChild(css);
        var js = document.createElement("script");
        js.src = assets.js;
        js.onload = resolve;
        js.onerror = reject;
        document.head.appendChild(js);
      });
    }
    return loading;
  }

  // The extension of the file the browser picked from <picture>: its best format.
  function chosenFormat(img) {
    var match = /\.(avif|webp|jpg)(?:[?#]|$)/.exec(img.currentSrc || "");
    return match ? match[1] : null;
  }

  function slide(link, format) {
    var img = link.querySelector("img");
    var source = format === "avif" || format === "webp"
      ? link.querySelector('source[type="image/' + format + '"]') : null;
    var srcset = source ? source.getAttribute("srcset") : img.getAttribute("srcset") || "";
    var urls = srcset ? srcset.split(",").map(function (c) { return c.trim().split(/\s+/)[0]; }) : [];
    var caption = link.parentNode.querySelector("figcaption");
    return {
      href: urls.length ? urls[urls.length - 1] : link.getAttribute("href"),
      type: "image",
      srcset: urls.length > 1 ? srcset : "",
      sizes: urls.length > 1 ? "100vw" : "",
      alt: img.alt,
      // wrapped in <p> so GLightbox never mistakes a caption starting with "." for a selector
      description: caption ? "<p>" + caption.innerHTML + "</p>" : ""
    };
  }

  function translate(gallery) {
    var t = gallery.dataset;
    [["gclose", t.close], ["gnext", t.next], ["gprev", t.prev]].forEach(function (pair) {
      var button = document.querySelector(".glightbox-container ." + pair[0]);
      if (button) button.setAttribute("aria-label", pair[1]);
    });
    // GLightbox's dialog has no name of its own (axe: aria-dialog-name).
    var body = document.getElementById("glightbox-body");
    if (body) {
      body.setAttribute("aria-label", t.dialog);
      body.setAttribute("aria-modal", "true");
    }
  }

  // Our slides carry no title: drop GLightbox's empty headings (axe: empty-heading).
  function dropEmptyTitles() {
    document.querySelectorAll(".glightbox-container .gslide-title").forEach(function (title) {
      if (!title.textContent.trim()) title.remove();
    });
  }

  function open(link) {
    var gallery = link.closest(".pio-gallery");
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a.pio-photo__link"));
    var format = chosenFormat(link.querySelector("img"));
    if (!format) {
      var seen = gallery.querySelector("img");
      format = seen ? chosenFormat(seen) : null;
    }
    load().then(function () {
      // One GLightbox per gallery, made on its first use and reused afterwards.
      var box = gallery.pioLightbox;
      if (!box) {
        box = gallery.pioLightbox = window.GLightbox({
          elements: links.map(function (l) { return slide(l, format || "jpg"); }),
          loop: false,
          touchNavigation: true,
          keyboardNavigation: true,
          openEffect: "zoom",
          closeEffect: "zoom",
          slideEffect: "slide",
          plyr: { css: "", js: "" } // videos never used: nothing may come from a CDN
        });
        box.on("open", function () { translate(gallery); });
        box.on("open", dropEmptyTitles);
        box.on("slide_after_load", dropEmptyTitles);
        box.on("close", function () { if (gallery.pioOpener) gallery.pioOpener.focus(); });
      }
      gallery.pioOpener = link;
      box.openAt(links.indexOf(link));
    }, function () {
      window.location.href = link.href; // GLightbox could not load: open the photo itself
    });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest(".pio-gallery a.pio-photo__link");
    if (!link) return;
    event.preventDefault();
    open(link);
  });
})();
