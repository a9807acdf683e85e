// The volunteers' photo cleaner (docs/es|en/voluntariado/limpiar-fotos.md): each chosen photo
// is turned upright, scaled down and encoded again as JPEG by the browser's canvas, which
// writes pixels only: no EXIF, GPS, XMP or camera data survives. Everything happens in this
// page; nothing is uploaded. The words come from the page (data-* attributes), so both
// languages are edited in Markdown, not here.
(function () {
  "use strict";

  // The same numbers as `python3 tasks.py intake` (pioneras/volunteer/photos.py: MAX_EDGE = 2560,
  // JPEG_QUALITY = 90), so a photo cleaned here and one cleaned on a computer are alike.
  var MAX_EDGE = 2560;
  var JPEG_QUALITY = 0.9;
  var PREVIEW_EDGE = 144;            // twice the preview's CSS width, sharp on phone screens
  var HEADER_BYTES = 256 * 1024;     // a phone JPEG's EXIF block and frame header fit in this

  var root = document.querySelector("[data-photo-cleaner]");
  if (!root) return;
  var words = root.dataset;
  var input = root.querySelector("input[type=file]");
  var progress = root.querySelector("progress");
  var status = root.querySelector("[role=status]");
  var results = root.querySelector("ol");
  var usedNames = {};
  var queue = [];
  var busy = false;
  var batch = { done: 0, total: 0, ok: 0 };

  // "Limpiando foto {n} de {total}" + {n: 2, total: 5} -> "Limpiando foto 2 de 5"
  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  // ------------------------------------------------------------------ file names

  // Like intake's slugify (pioneras/volunteer/layout.py): 'Foto Niña (1)' -> 'foto-nina-1'.
  function slugify(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    var slug = (ascii.match(/[a-z0-9]+/g) || []).join("-").slice(0, 60).replace(/^-+|-+$/g, "");
    return slug || "foto";
  }

  // img-5195.jpg, or img-5195-2.jpg when this page already gave that name (as intake does).
  function cleanName(original) {
    var stem = slugify(original.replace(/\.[^.]*$/, ""));
    var name = stem + ".jpg";
    for (var n = 2; usedNames[name]; n++) name = stem + "-" + n + ".jpg";
    usedNames[name] = true;
    return name;
  }

  // ------------------------------------------------------------------ reading JPEG headers

  // The segments before the image data: [{marker, start, length}], start = first byte after
  // the length field. Stops at the start of scan or where the bytes end.
  function jpegSegments(view) {
    var out = [];
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
    var pos = 2;
    while (pos + 4 <= view.byteLength) {
      if (view.getUint8(pos) !== 0xff) return null;
      var marker = view.getUint8(pos + 1);
      if (marker === 0xff) { pos += 1; continue; }           // fill byte
      var length = view.getUint16(pos + 2);
      out.push({ marker: marker, start: pos + 4, length: length - 2 });
      if (marker === 0xda) break;                            // start of scan: pixels follow
      pos += 2 + length;
    }
    return out;
  }

  function exifOrientation(view, start, length) {
    // "Exif\0\0", then a TIFF header: byte order, 42, offset of the first directory.
    if (length < 14 || view.getUint32(start) !== 0x45786966) return 1;
    var tiff = start + 6;
    var little = view.getUint16(tiff) === 0x4949;
    var dir = tiff + view.getUint32(tiff + 4, little);
    if (dir + 2 > view.byteLength) return 1;
    var count = view.getUint16(dir, little);
    for (var i = 0; i < count && dir + 2 + 12 * (i + 1) <= view.byteLength; i++) {
      var entry = dir + 2 + 12 * i;
      if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little);
    }
    return 1;
  }

  // {width, height} of a JPEG as it is seen upright (EXIF orientation applied), read from its
  // first bytes only; null for other formats or an unusual file (then the full size is decoded).
  async function uprightSize(file) {
    var view = new DataView(await file.slice(0, HEADER_BYTES).arrayBuffer());
    var segments = jpegSegments(view);
    if (!segments) return null;
    var orientation = 1;
    for (var i = 0; i < segments.length; i++) {
      var s = segments[i], m = s.marker;
      if (m === 0xe1 && orientation === 1) orientation = exifOrientation(view, s.start, s.length);
      // SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
        if (s.start + 5 > view.byteLength) return null;
        var height = view.getUint16(s.start + 1), width = view.getUint16(s.start + 3);
        return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width: width, height: height };
      }
    }
    return null;
  }

  // What the browser's encoder wrote, keeping only pixels, colour and layout: the frame and
  // its tables, JFIF (APP0), a colour profile (APP2 ICC_PROFILE), Adobe's colour flag (APP14).
  // Chromium writes nothing else (tests/browser/test_photo_cleaner.py); if a browser added
  // EXIF, XMP, a comment or anything else, it is dropped here.
  async function pixelsOnly(blob) {
    var bytes = new Uint8Array(await blob.arrayBuffer());
    var view = new DataView(bytes.buffer);
    var segments = jpegSegments(view);
    if (!segments || !segments.length || segments[segments.length - 1].marker !== 0xda) {
      throw new Error("the browser's JPEG could not be checked");
    }
    var kept = [bytes.subarray(0, 2)];
    segments.forEach(function (s) {
      var id = String.fromCharCode.apply(null, bytes.subarray(s.start, s.start + 12));
      var keep = s.marker === 0xe0 ? id.indexOf("JFIF\0") === 0
        : s.marker === 0xe2 ? id === "ICC_PROFILE\0"
        : s.marker === 0xee ? id.indexOf("Adobe") === 0
        : (s.marker < 0xe0 || s.marker > 0xef) && s.marker !== 0xfe;    // not APPn, not a comment
      if (keep || s.marker === 0xda) kept.push(bytes.subarray(s.start - 4, s.marker === 0xda ? bytes.length : s.start + s.length));
    });
    return new Blob(kept, { type: "image/jpeg" });
  }

  // ------------------------------------------------------------------ decoding and encoding

  function fit(width, height, edge) {
    var scale = Math.min(1, edge / Math.max(width, height));
    return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  }

  // The photo's pixels, upright. With the upright size known, the browser is asked for the
  // capped size directly, so only a capped copy is kept while drawing (Chromium 156 still
  // decodes the whole photo first: a 48 MP one peaks near 300 MB). Only the width is given,
  // so the browser keeps the proportions whatever it thinks of the header.
  async function decode(file) {
    var options = { imageOrientation: "from-image" };
    var size = null;
    try { size = await uprightSize(file); } catch (e) { size = null; }
    if (size && Math.max(size.width, size.height) > MAX_EDGE) {
      options.resizeWidth = fit(size.width, size.height, MAX_EDGE).width;
      options.resizeQuality = "high";
    }
    try {
      return await createImageBitmap(file, options);
    } catch (err) {
      if (err && err.name === "TypeError") return decodeWithImg(file);  // options this browser lacks
      throw err;
    }
  }

  // Older browsers: an <img> shows photos upright (CSS image-orientation: from-image is the
  // default). A data: URL, because the site's CSP allows img-src 'self' data: (not blob:).
  function decodeWithImg(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onerror = function () { reject(reader.error); };
      reader.onload = function () {
        var img = new Image();
        img.onload = function () { resolve(img); };
        img.onerror = function () { reject(new DOMException("cannot decode", "EncodingError")); };
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  function drawn(source, width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";            // a transparent PNG becomes white, not black, in JPEG
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(source, 0, 0, width, height);
    return canvas;
  }

  function jpeg(canvas) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(new Error("toBlob failed")); },
                    "image/jpeg", JPEG_QUALITY);
    });
  }

  async function clean(file) {
    var image = await decode(file);
    var size = fit(image.naturalWidth || image.width, image.naturalHeight || image.height, MAX_EDGE);
    var canvas;
    try {
      canvas = drawn(image, size.width, size.height);
    } finally {
      if (image.close) image.close();  // an ImageBitmap's memory goes back at once
    }
    var blob = await pixelsOnly(await jpeg(canvas));
    var small = fit(size.width, size.height, PREVIEW_EDGE);
    var preview = drawn(canvas, small.width, small.height);
    canvas.width = canvas.height = 0;  // let the phone free the full-size pixels now
    return { blob: blob, width: size.width, height: size.height, preview: preview };
  }

  // ------------------------------------------------------------------ showing the results

  function isHeic(file, head) {
    if (/\.hei[cf]$/i.test(file.name) || /^image\/hei[cf]/i.test(file.type)) return true;
    var brand = String.fromCharCode.apply(null, head.slice(8, 12));
    return String.fromCharCode.apply(null, head.slice(4, 8)) === "ftyp" && /^(hei[cmsx]|hev[cmsx]|mif1|msf1)$/.test(brand);
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function showCleaned(file, result) {
    var name = cleanName(file.name);
    var item = element("li", "pio-cleaner__done");
    var preview = result.preview;
    preview.className = "pio-cleaner__preview";
    preview.setAttribute("role", "img");
    preview.setAttribute("aria-label", say(words.preview, { name: name }));
    var text = element("div", "pio-cleaner__text");
    var title = element("p");
    title.appendChild(element("span", "pio-cleaner__name", name));
    text.appendChild(title);
    text.appendChild(element("p", "pio-cleaner__size", say(words.result, {
      width: result.width, height: result.height, kb: Math.max(1, Math.round(result.blob.size / 1024)) })));
    var actions = element("div", "pio-cleaner__actions");
    var save = element("a", "md-button md-button--primary", say(words.save, { name: name }));
    save.href = URL.createObjectURL(result.blob);
    save.download = name;
    actions.appendChild(save);
    var shared = new File([result.blob], name, { type: "image/jpeg" });
    if (navigator.canShare && navigator.canShare({ files: [shared] })) {
      // Phones: the share sheet offers "Save image" (iPhone) or the gallery and other apps.
      var share = element("button", "md-button", say(words.share, { name: name }));
      share.type = "button";
      share.addEventListener("click", function () {
        navigator.share({ files: [shared] }).catch(function () { /* closed without choosing */ });
      });
      actions.appendChild(share);
    }
    item.appendChild(preview);
    item.appendChild(text);
    item.appendChild(actions);
    results.appendChild(item);
  }

  // In the list where the photo would have been; role=alert has screen readers say it at once.
  async function showProblem(file) {
    var head = new Uint8Array(0);
    try { head = new Uint8Array(await file.slice(0, 16).arrayBuffer()); } catch (e) { /* unreadable: name only */ }
    var item = element("li", "pio-cleaner__problem");
    var message = element("p", null, say(isHeic(file, head) ? words.heic : words.unreadable, { name: file.name }));
    message.setAttribute("role", "alert");
    item.appendChild(message);
    results.appendChild(item);
  }

  // One photo at a time: a phone has memory for one full-size photo, not for twelve.
  async function work() {
    busy = true;
    while (queue.length) {
      var file = queue.shift();
      status.textContent = say(words.working, { n: batch.done + 1, total: batch.total, name: file.name });
      try {
        showCleaned(file, await clean(file));
        batch.ok += 1;
      } catch (err) {
        await showProblem(file);
      }
      batch.done += 1;
      progress.value = batch.done;
    }
    status.textContent = say(words.done, batch);
    progress.hidden = true;
    batch = { done: 0, total: 0, ok: 0 };
    busy = false;
  }

  // It looks like a button, so Enter works as on a button (Chromium opens a file input with Space only).
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      input.click();
    }
  });

  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files || []);
    input.value = "";                  // choosing the same photos again still works
    if (!files.length) return;
    queue = queue.concat(files);
    batch.total += files.length;
    progress.max = batch.total;
    progress.value = batch.done;
    progress.hidden = false;
    if (!busy) work();
  });
})();
