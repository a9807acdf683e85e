// GitHub Pages has one 404 page, in the default language. A reader who was under another
// language's folder (/en/, ...) gets it in that language: the longest matching root wins.
(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll(".pioneras-not-found"));
  var best = null;
  sections.forEach(function (section) {
    var root = section.dataset.root;
    if (location.pathname.indexOf(root) === 0 && (!best || root.length > best.dataset.root.length)) {
      best = section;
    }
  });
  if (!best || !best.hidden) return;
  sections.forEach(function (section) { section.hidden = section !== best; });
  document.documentElement.lang = best.lang;
  document.title = best.dataset.title;
})();
