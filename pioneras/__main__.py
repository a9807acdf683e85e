"""``python3 tasks.py <command>`` (or ``python -m pioneras <command>``): the volunteers' commands.

Every command is imported only when it runs, and whatever happens the volunteer reads a
plain message, never a traceback. The commands' names are the ones the guide
(CONTRIBUTING.md) and every message use: pioneras.problems.COMMANDS.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ISSUES = "https://github.com/idemnna/las-pioneras/issues"
_THIRD_PARTY = {"yaml", "pydantic", "pydantic_core", "PIL", "pillow_heif", "schwifty", "markdown", "pathspec"}
CMD = "python3 tasks.py"


def _project(args):
    from pioneras.project import Project
    from pioneras.volunteer.layout import find_root
    return Project.from_mkdocs_yml(find_root(Path(args.root) if args.root else None))


def _titles(project, args) -> dict:
    return {"es": args.title_es, "en": args.title_en}


def cmd_check(args) -> int:
    from pioneras.check import check
    from pioneras.problems import errors, summary
    project = _project(args)
    found = check(project.root)
    for problem in found:
        print(problem)
    print(summary(found))
    return 1 if errors(found) else 0


def cmd_privacy_check(args) -> int:
    from pioneras.problems import errors
    from pioneras.volunteer import privacy
    project = _project(args)
    paths = [Path(p) for p in args.paths] if args.paths else [project.docs]
    found = privacy.scan(project, paths)
    for problem in found:
        print(problem)
    if not errors(found):
        return 0
    print()
    print(f"{len(errors(found))} archivo(s) que no pueden entrar al repositorio público, que guarda cada "
          f"versión para siempre. Las fotos nuevas entran limpias con '{CMD} intake' o con la página "
          "para limpiar fotos.")
    print(f"{len(errors(found))} file(s) that may not enter the public repository, which keeps every "
          f"version for ever. New photos go in cleaned, with '{CMD} intake' or the photo-cleaning page.")
    return 1


def cmd_clean(args) -> int:
    from pioneras.content import metadata
    from pioneras.volunteer import photos, privacy
    from pioneras.volunteer.layout import display
    from pioneras.volunteer.problems import VolunteerError
    failed = cleaned = 0
    for path in privacy.files_under([Path(p) for p in args.paths]):
        labels = metadata.find(path) if path.is_file() and not path.is_symlink() else []
        if not labels or labels == [metadata.MEDIA]:
            continue
        try:
            now = photos.clean_in_place(path)
        except VolunteerError as err:
            print(err.text())
            failed += 1
            continue
        cleaned += 1
        shown = display(now)
        line = (f"limpia: {shown} (quitado: {', '.join(es for es, _ in labels)}) / "
                f"cleaned: {shown} (removed: {', '.join(en for _, en in labels)})")
        if now != path:
            line += (f". Nuevo nombre: si {path.name} está en un report.yml, cámbielo por {now.name}"
                     f" / new name: if {path.name} is listed in a report.yml, change it to {now.name}")
        print(line)
    print(f"{cleaned} imagen(es) limpiada(s), {failed} con error / "
          f"{cleaned} image(s) cleaned, {failed} failed.")
    return 1 if failed else 0


def cmd_intake(args) -> int:
    from pioneras.volunteer.intake import intake
    project = _project(args)
    return intake(project, args.report, args.photos, _titles(project, args))


def cmd_withdraw(args) -> int:
    from pioneras.volunteer.withdraw import withdraw
    return withdraw(_project(args), args.photo)


def cmd_translations(args) -> int:
    from pioneras.volunteer import translations
    project = _project(args)
    print("Estado de las traducciones / Translation status")
    for line in translations.lines(project, translations.status(project)):
        print(line)
    return 0


def _print_created(root: Path, created: list[Path]) -> None:
    from pioneras.volunteer.layout import display
    for path in created:
        print(f"creado / created: {display(path, root)}")


def cmd_new_report(args) -> int:
    from pioneras.volunteer import scaffold
    project = _project(args)
    _print_created(project.root, scaffold.new_report(project, args.report, _titles(project, args)))
    print(f"Ahora agregue las fotos / now add the photos: {CMD} intake {args.report} FOTO/PHOTO...")
    return 0


def cmd_new_page(args) -> int:
    from pioneras.volunteer import scaffold
    project = _project(args)
    _print_created(project.root, scaffold.new_page(project, args.path, _titles(project, args)))
    print("Para que aparezca en el menú, agréguela a nav: en mkdocs.yml (y su título en inglés en "
          "nav_translations). / To show it in the menu, add it to nav: in mkdocs.yml (and its "
          "English title under nav_translations).")
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse speaks English only; say what to do in both
        self.print_usage(sys.stderr)
        print(f"Falta algo o sobra algo en el comando / something is missing or extra in the "
              f"command: {message}\nAyuda / help: {CMD} help", file=sys.stderr)
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog=CMD, description=(
        "Herramientas para voluntarias y voluntarios del sitio Las Pioneras (vea CONTRIBUTING.md). "
        "/ Volunteer tools for the Las Pioneras site (see CONTRIBUTING.en.md)."))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", help="carpeta del sitio (por defecto: la actual) / site folder (default: current)")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMANDO/COMMAND")

    def add(name, func, help_text):
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    add("check", cmd_check, "revisa todo el contenido, como la publicación / checks all content, as publishing does")
    p = add("privacy-check", cmd_privacy_check,
            "rechaza fotos con GPS o datos de cámara, audio, vídeo y lo que no se publica / "
            "refuses photos with GPS or camera data, audio, video and what is not published")
    p.add_argument("paths", nargs="*", help="archivos o carpetas (por defecto docs/) / files or folders (default docs/)")
    p = add("clean", cmd_clean, "quita los metadatos de imágenes ya en el sitio / strips metadata from images already in the site")
    p.add_argument("paths", nargs="+", help="archivos o carpetas / files or folders")
    p = add("intake", cmd_intake, "agrega fotos del teléfono a un informe, limpias / adds phone photos to a report, cleaned")
    p.add_argument("report", help="carpeta del informe / report folder: 2024-05-taller-de-costura")
    p.add_argument("photos", nargs="+", help="fotos o una carpeta de fotos / photos or a folder of photos (JPEG, HEIC, PNG)")
    p.add_argument("--title-es", help="título si el informe es nuevo / title if the report is new")
    p.add_argument("--title-en", help="title if the report is new")
    p = add("withdraw", cmd_withdraw, "retira el consentimiento de una foto: no se publica más, ni sus copias / "
                                      "withdraws a photo's consent: it and its copies are published no more")
    p.add_argument("photo", help="la foto / the photo: docs/photo-reports/2024-05-taller/foto-1.jpg")
    add("translations", cmd_translations, "páginas sin traducir o desactualizadas / untranslated or outdated pages")
    for name, func, target, target_help in (
            ("new-report", cmd_new_report, "report", "carpeta / folder: 2024-05-taller-de-costura"),
            ("new-page", cmd_new_page, "path", "ruta de la página / page path: nosotras/equipo.md")):
        p = add(name, func, "crea la página en cada idioma / creates it in every language")
        p.add_argument(target, help=target_help)
        p.add_argument("--title-es", required=name == "new-page", help="título en español / Spanish title")
        p.add_argument("--title-en", required=name == "new-page", help="English title")
    return top


def _safe_output() -> None:
    # A Windows console may not encode every character: replace, never crash on a print.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _safe_output()
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\nInterrumpido / interrupted.", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence: plain words only
        from pioneras.volunteer.problems import VolunteerError
        if isinstance(err, VolunteerError):
            print(err.text(), file=sys.stderr)
            return 1
        if isinstance(err, ModuleNotFoundError) and (err.name or "").split(".")[0] in _THIRD_PARTY:
            print(f"Falta el paquete «{err.name}»: prepare el entorno con «python3 tasks.py serve» "
                  "(Windows: «py tasks.py serve»).\n"
                  f"Package '{err.name}' is missing: set up with 'python3 tasks.py serve' "
                  "(Windows: 'py tasks.py serve').", file=sys.stderr)
            return 1
        if os.environ.get("PIONERAS_DEBUG"):
            raise
        print(f"Error inesperado, no es culpa suya ({err.__class__.__name__}: {err}). Avise a quien "
              f"mantiene el sitio ({ISSUES}) copiando este mensaje.\n"
              f"Unexpected error, not your fault ({err.__class__.__name__}: {err}). Please tell a "
              f"maintainer ({ISSUES}) and paste this message. (Details: set PIONERAS_DEBUG=1)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
