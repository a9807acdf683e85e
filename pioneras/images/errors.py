"""Every problem a volunteer can cause, as one plain message in Spanish and English.

Each message names the file and says what to do.  Problems are values, not exceptions:
the pipeline collects all of them in one run (a build that stops at the first broken
photo makes people fix things one rebuild at a time), the MkDocs hook logs each one as a
warning (so ``mkdocs build --strict`` fails), and nobody ever sees a traceback.

Nothing here, nor anywhere in the pipeline, writes to, moves or deletes an original.
"""
from __future__ import annotations

from dataclasses import dataclass

ACCEPTED_HUMAN = "JPEG, PNG, WebP, HEIC/HEIF, AVIF, TIFF"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as the volunteer sees it, relative to the repository root
    es: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.es} / {self.en}"


class PhotoError(Exception):
    """Raised inside the decoder; carries the Problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self):  # keep the Problem when crossing the process pool
        return (PhotoError, (self.problem,))


# --- the file itself ----------------------------------------------------------------

def empty(path: str) -> Problem:
    return Problem(path,
                   "el archivo está vacío (0 bytes). Cópielo de nuevo desde el teléfono o la cámara.",
                   "the file is empty (0 bytes). Copy it again from the phone or camera.")


def corrupt(path: str) -> Problem:
    return Problem(path,
                   "el archivo está dañado o incompleto (quizá la copia se interrumpió). "
                   "Cópielo de nuevo desde el original.",
                   "the file is damaged or incomplete (perhaps the copy was interrupted). "
                   "Copy it again from the original.")


def text_file(path: str) -> Problem:
    return Problem(path,
                   "no es una foto sino un archivo de texto (o una página web) con nombre de foto. "
                   "Reemplácelo por la foto original.",
                   "this is not a photo but a text file (or a web page) named like one. "
                   "Replace it with the original photo.")


def unsupported(path: str, what: str) -> Problem:
    return Problem(path,
                   f"formato no admitido ({what}). Use una foto {ACCEPTED_HUMAN}; "
                   "por ejemplo, ábrala y expórtela como JPEG.",
                   f"unsupported format ({what}). Use a {ACCEPTED_HUMAN} photo; "
                   "for example, open it and export it as JPEG.")


def too_large(path: str, megapixels: float, limit: float) -> Problem:
    return Problem(path,
                   f"la imagen es demasiado grande ({megapixels:.0f} megapíxeles; el máximo es "
                   f"{limit:.0f}). Expórtela a un tamaño menor (por ejemplo 4000 píxeles de ancho).",
                   f"the image is too large ({megapixels:.0f} megapixels; the limit is {limit:.0f}). "
                   "Export it at a smaller size (for example 4000 pixels wide).")


def unreadable(path: str, detail: str) -> Problem:
    """Last resort for a decoder failure nobody foresaw: still one plain line."""
    return Problem(path,
                   f"no se pudo leer la foto ({detail}). Ábrala en el teléfono o la computadora, "
                   "guárdela de nuevo como JPEG y reemplace el archivo.",
                   f"the photo could not be read ({detail}). Open it on a phone or computer, "
                   "save it again as JPEG and replace the file.")


# --- the report's list (report.yml) and its folder ----------------------------------

def missing(path: str, suggestion: str | None) -> Problem:
    hint_es = f" ¿Quiso decir «{suggestion}»? Los nombres distinguen mayúsculas." if suggestion else ""
    hint_en = f" Did you mean '{suggestion}'? Names are case-sensitive." if suggestion else ""
    return Problem(path,
                   "la foto está en report.yml pero el archivo no está en la carpeta. "
                   f"Agregue el archivo o borre la entrada.{hint_es}",
                   "the photo is listed in report.yml but the file is not in the folder. "
                   f"Add the file or delete the entry.{hint_en}")


def not_listed(path: str) -> Problem:
    return Problem(path,
                   "el archivo está en la carpeta del informe pero no en report.yml. Agréguelo a "
                   "report.yml (con consent, textos es/en) o sáquelo de la carpeta: todo lo que "
                   "está aquí queda en el repositorio.",
                   "the file is in the report folder but not in report.yml. Add it to report.yml "
                   "(with consent and es/en texts) or move it out of the folder: everything here "
                   "is kept in the repository.")


def duplicate(path: str) -> Problem:
    return Problem(path,
                   "la foto aparece dos veces en report.yml. Borre una de las entradas.",
                   "the photo is listed twice in report.yml. Delete one of the entries.")


def not_a_file_name(yml: str, value: str) -> Problem:
    return Problem(yml,
                   f"«file: {value}» debe ser solo el nombre del archivo, sin carpetas.",
                   f"'file: {value}' must be the file name only, without folders.")


def _split(line: str) -> tuple[str, str]:
    """'where: qué hacer / what to do' (pioneras.schema.problems) -> both languages with
    the location, which the schema writes once."""
    where, sep, rest = line.partition(": ")
    if not sep:
        where, rest = "", line
    es, _, en = rest.partition(" / ")
    prefix = f"{where}: " if where else ""
    return prefix + es, prefix + (en or es)


def entry(yml: str, index: int, name: str | None, line: str) -> Problem:
    """One schema problem (from pioneras.schema.problems) in one photo entry."""
    which = f"foto {index + 1}" + (f" ({name})" if name else "")
    which_en = f"photo {index + 1}" + (f" ({name})" if name else "")
    es, en = _split(line)
    return Problem(yml, f"{which}: {es}", f"{which_en}: {en}")


def report_field(yml: str, line: str) -> Problem:
    return Problem(yml, *_split(line))


def yaml_syntax(yml: str, line: int | None, detail: str) -> Problem:
    where_es = f" en la línea {line}" if line else ""
    where_en = f" on line {line}" if line else ""
    return Problem(yml,
                   f"report.yml no se puede leer{where_es} ({detail}). Revise la sangría y los dos "
                   "puntos; compare con el informe de ejemplo.",
                   f"report.yml cannot be read{where_en} ({detail}). Check the indentation and the "
                   "colons; compare with the example report.")


def not_a_mapping(yml: str) -> Problem:
    return Problem(yml,
                   "report.yml debe empezar con date:, cover: y photos:. Compare con el informe de ejemplo.",
                   "report.yml must start with date:, cover: and photos:. Compare with the example report.")


def no_report_yml(folder: str) -> Problem:
    return Problem(folder,
                   "la carpeta del informe no tiene report.yml. Copie el de un informe de ejemplo y "
                   "complételo.",
                   "the report folder has no report.yml. Copy one from an example report and fill it in.")


def bad_folder_name(folder: str) -> Problem:
    return Problem(folder,
                   "el nombre de la carpeta debe ser año-mes-nombre, en minúsculas y sin espacios "
                   "ni tildes (por ejemplo 2025-05-feria-de-emprendimiento). Cámbiele el nombre.",
                   "the folder name must be year-month-name, lowercase, without spaces or accents "
                   "(for example 2025-05-business-fair). Rename it.")


def cover_not_listed(yml: str, cover: str) -> Problem:
    return Problem(yml,
                   f"cover: {cover} no es una de las fotos de la lista. Use el nombre de una foto listada.",
                   f"cover: {cover} is not one of the listed photos. Use the name of a listed photo.")


# --- the report's pages ---------------------------------------------------------------

def missing_page(page: str, slug: str) -> Problem:
    return Problem(page,
                   f"falta la página del informe {slug} en este idioma. Créela con title, "
                   f"description y «report: {slug}» (copie la del otro idioma y tradúzcala).",
                   f"the page of report {slug} is missing in this language. Create it with title, "
                   f"description and 'report: {slug}' (copy the other language's page and translate it).")


def unknown_report(page: str, slug: str) -> Problem:
    return Problem(page,
                   f"«report: {slug}» no corresponde a ninguna carpeta en docs/photo-reports/. "
                   "Corrija el nombre.",
                   f"'report: {slug}' matches no folder in docs/photo-reports/. Fix the name.")


def no_alt(page: str, image: str) -> Problem:
    return Problem(page,
                   f"la imagen {image} no tiene texto alternativo. Escriba qué muestra entre los "
                   "corchetes: ![qué muestra la foto](...).",
                   f"the image {image} has no alt text. Write what it shows between the brackets: "
                   "![what the photo shows](...).")


def image_not_listed(page: str, image: str) -> Problem:
    return Problem(page,
                   f"la imagen {image} no está publicada (no figura en el report.yml de su carpeta "
                   "o tiene un problema). Agréguela a report.yml o quite la imagen de la página.",
                   f"the image {image} is not published (it is not in its folder's report.yml, or "
                   "it has a problem). Add it to report.yml or remove the image from the page.")
