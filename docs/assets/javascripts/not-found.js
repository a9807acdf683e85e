// GitHub Pages has one 404 page, in Spanish. A reader who was under /en/ gets it in English.
(function () {
  var en = document.getElementById("not-found-en");
  if (!en || location.pathname.indexOf(en.dataset.enRoot) !== 0) return;
  document.documentElement.lang = "en";
  document.getElementById("not-found-es").hidden = true;
  en.hidden = false;
  document.title = en.dataset.title;
})();
