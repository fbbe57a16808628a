"""Command line: ``impactlib validate | template | demo | brief | notebooks``.

Every subcommand is defined here; each imports what it needs when it runs, so
``impactlib --help`` is quick.

Examples
--------
``impactlib validate aineisto.xlsx`` prints a summary (rows per table, years,
areas) or every problem, with exit status 1 on problems (``impactlib validate``
alone checks the bundled synthetic demo data);
``impactlib template aineisto.xlsx`` writes the data-entry workbook;
``impactlib demo`` regenerates the synthetic demo data;
``impactlib brief --county Keski-Suomi`` renders one evidence brief (HTML + DOCX),
``impactlib brief --all`` all 22 with an index page, ``--notebook`` also the
executed brief notebook (papermill);
``impactlib notebooks`` runs the curated notebooks into HTML pages.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .errors import DataError

__all__ = ["main", "build_parser", "add_cli", "EXIT_CODES"]

#: The exit statuses of every ``impactlib`` command (also in ``impactlib --help``).
EXIT_CODES = {
    0: "done / valmis",
    1: "problems in the data, each listed / aineistossa ongelmia (luetellaan)",
    2: "wrong command line, e.g. an unknown county / virheellinen komento",
    3: "an output path cannot be written (a file where a folder is needed, no permission) / "
       "tulostetta ei voi kirjoittaa",
    4: "the briefs would let a hidden count (<5) be worked out from the published ones; nothing "
       "is written / piilotetun luvun voisi päätellä julkaistuista, mitään ei kirjoitettu",
    130: "interrupted (Ctrl-C or SIGTERM): no half-written file is left, and a brief's HTML and "
         "DOCX are moved into place together / keskeytetty",
}
EXIT_DATA, EXIT_USAGE, EXIT_OUTPUT, EXIT_DISCLOSURE, EXIT_INTERRUPTED = 1, 2, 3, 4, 130


class OutputError(Exception):
    """An output path that cannot be used, found before any work starts."""


def _out_folder(path) -> Path:
    """Check an output folder before any work: it may exist only as a folder."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(f"--out {p}: is a file, not a folder / on tiedosto, ei kansio")
    for parent in p.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"--out {p}: {parent} is a file / {parent} on tiedosto")
            break
    return p


def _out_file(path) -> Path:
    """Check an output file path before any work: not a folder, its folder not a file."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a folder; give a file name such as aineisto.xlsx / on kansio")
    if p.parent.exists() and not p.parent.is_dir():
        raise OutputError(f"{p}: {p.parent} is a file / {p.parent} on tiedosto")
    return p


def _cmd_validate(args: argparse.Namespace) -> int:
    from . import load_dataset, regions
    from .errors import DataError, DataWarning

    if args.path is None:
        from .demo import DEMO_DIR

        args.path = str(DEMO_DIR)
        print("no data given: checking the bundled synthetic demo data / ei aineistoa: tarkistetaan "
              "mukana tuleva keksitty demoaineisto")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        try:
            ds = load_dataset(args.path, cache=args.cache)
        except DataError as exc:
            print(f"{args.path}: {len(exc.problems)} problem(s) / ongelmaa", file=sys.stderr)
            for p in exc.problems:
                print(f"  {p}", file=sys.stderr)
            for w in caught:
                print(f"  warning / varoitus: {w.message}", file=sys.stderr)
            return 1
    for w in caught:
        print(f"warning / varoitus: {w.message}", file=sys.stderr)
    mark = "  [DEMO — keksitty aineisto / synthetic data]" if ds.synthetic else ""
    print(f"{args.path}: valid / kelvollinen{mark}")
    print(f"source / lähde: {ds.provenance.source}; licence / lisenssi: {ds.provenance.licence}")
    print(f"SHA-256: {ds.provenance.sha256}")
    for note in ds.provenance.notes:
        print(f"read / luettu: {note}")
    s = ds.summary()
    width = max(len(t) for t in s["table"])
    print(f"{'table'.ljust(width)}  {'rows':>9}  years        associations  counties")
    for r in s.itertuples(index=False):
        years = f"{r.first_year}–{r.last_year}" if r.first_year is not None and str(r.first_year) != "<NA>" else "–"
        print(f"{r.table.ljust(width)}  {r.rows:>9,}  {years:<11}  {r.associations:>12,}  {r.counties:>8}")
    oc = ds.org_county().value_counts()
    names = ", ".join(f"{regions.county_name(c)} {n:,}" for c, n in oc.sort_index().items())
    print(f"associations by county / järjestöt hyvinvointialueittain: {names}")
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from .sources import cache

    if args.action == "where":
        print(cache.cache_dir())
        return 0
    n = cache.clear()
    print(f"removed {n} cached dataset(s) from {cache.cache_dir()} / poistettu välimuistista: {n}")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .sources.template import write_template

    out = write_template(_out_file(args.out), lang=args.lang)
    print(f"wrote / kirjoitettu: {out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demo import DEMO_DIR, write_demo

    out = _out_folder(args.out) if args.out else DEMO_DIR
    sums = write_demo(out, seed=args.seed)
    for name, digest in sums.items():
        print(f"{digest}  {out / name}")
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    import time

    from . import brief

    if not args.all and not args.county:
        print("give --county NAME or --all / anna --county NIMI tai --all", file=sys.stderr)
        return 2
    if args.all and args.notebook:
        print("--notebook renders one county: give --county NAME / --notebook vain yhdelle "
              "alueelle", file=sys.stderr)
        return 2
    _out_folder(args.out)
    t0 = time.perf_counter()
    try:
        if args.all:
            res = brief.render_all(lang=args.lang, data=args.data, year=args.year, out=args.out,
                                   docx=not args.no_docx)
            print(f"wrote / kirjoitettu: {len(res)} briefs into {args.out} "
                  f"({time.perf_counter() - t0:.0f} s)")
        else:
            paths = brief.render(args.county, lang=args.lang, data=args.data, year=args.year,
                                 out=args.out, docx=not args.no_docx, notebook=args.notebook)
            for p in paths.values():
                print(f"wrote / kirjoitettu: {p}")
            print(f"({time.perf_counter() - t0:.1f} s)")
    except DataError:
        raise  # main() lists every problem, exit 1
    except brief.DisclosureError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DISCLOSURE
    except ValueError as exc:  # unknown county or language
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        print(f"the brief notebook failed / kooste epäonnistui: {exc.ename}: {exc.evalue}",
              file=sys.stderr)
        return 1
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from .notebooks import render_notebooks

    _out_folder(args.out)
    for p in render_notebooks(args.out, execute=not args.no_execute):
        print(f"wrote / kirjoitettu: {p}")
    return 0


def add_cli(sub) -> None:
    """Register the ``brief`` and ``notebooks`` subcommands on an argparse subparsers object."""
    b = sub.add_parser("brief", help="render evidence briefs per wellbeing services county / "
                                     "näyttökoosteet hyvinvointialueittain")
    b.add_argument("--county", help="county name (fi/sv/en) or code, e.g. 'Keski-Suomi' or 15")
    b.add_argument("--all", action="store_true", help="all 22 areas / kaikki 22 aluetta")
    b.add_argument("--lang", choices=["fi", "en"], default="fi")
    b.add_argument("--data", help="data folder or .xlsx workbook (default: bundled demo data)")
    b.add_argument("--year", type=int, help="snapshot year (default: latest in the data)")
    b.add_argument("--out", default="build/briefs", help="output folder (default build/briefs)")
    b.add_argument("--no-docx", action="store_true", help="HTML only")
    b.add_argument("--notebook", action="store_true",
                   help="also write the executed brief notebook (runs it with papermill; slower) "
                        "/ tallenna myös ajettu muistio")
    b.set_defaults(func=_cmd_brief)
    n = sub.add_parser("notebooks", help="run the curated notebooks into HTML / muistiot HTML:ksi")
    n.add_argument("--out", default="build/notebooks")
    n.add_argument("--no-execute", action="store_true", help="convert the stored outputs as they are")
    n.set_defaults(func=_cmd_notebooks)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``impactlib`` command."""
    p = argparse.ArgumentParser(
        prog="impactlib",
        description="Evidence on Finnish sote associations: validate data, write the data-entry "
        "template, render evidence briefs. / Näyttöä sote-järjestöjen toiminnasta.",
        epilog="exit status / paluuarvo (every command):\n"
        + "\n".join(f"  {k:>3}  {v}" for k, v in EXIT_CODES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a dataset folder or workbook / tarkista aineisto")
    v.add_argument("path", nargs="?", default=None,
                   help="folder of CSV files or an .xlsx workbook (default: the bundled demo data)")
    v.add_argument("--cache", action="store_true",
                   help="keep the validated tables in the dataset cache (Parquet; default: write "
                   "nothing) / tallenna tarkistettu aineisto välimuistiin")
    v.set_defaults(func=_cmd_validate)
    c = sub.add_parser("cache", help="the validated-dataset cache / välimuisti")
    c.add_argument("action", choices=["clear", "where"],
                   help="clear: remove every cached dataset; where: print the cache folder")
    c.set_defaults(func=_cmd_cache)
    t = sub.add_parser("template", help="write the data-entry workbook / kirjoita tiedonkeruupohja")
    t.add_argument("out", help="output .xlsx file")
    t.add_argument("--lang", choices=["fi", "en"], default="fi")
    t.set_defaults(func=_cmd_template)
    d = sub.add_parser("demo", help="regenerate the synthetic demo data / luo demoaineisto")
    d.add_argument("--out", help="output folder (default: the bundled demo data, impactlib/data/demo)")
    d.add_argument("--seed", type=int, default=None)
    d.set_defaults(func=_cmd_demo)
    add_cli(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from .demo import SEED

        args.seed = SEED
    import signal

    interrupted = []

    def _terminate(signum, frame):  # SIGTERM stops a run as Ctrl-C does: cleanly, exit 130
        interrupted.append(signum)
        raise KeyboardInterrupt

    try:
        previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: leave signals alone
        previous = {}
    try:
        return int(args.func(args) or 0)
    except DataError as exc:
        print(f"{len(exc.problems)} problem(s) in the data / ongelmaa aineistossa:", file=sys.stderr)
        for prob in exc.problems:
            print(f"  {prob}", file=sys.stderr)
        return EXIT_DATA
    except OutputError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("interrupted / keskeytetty", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (IsADirectoryError, NotADirectoryError, PermissionError, FileExistsError) as exc:
        print(f"cannot write / ei voi kirjoittaa: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except Exception:
        # an interrupt that reached a notebook kernel's event loop comes back as the kernel's
        # error (nbclient's DeadKernelError and its clean-up): still an interruption
        if interrupted:
            print("interrupted / keskeytetty", file=sys.stderr)
            return EXIT_INTERRUPTED
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
