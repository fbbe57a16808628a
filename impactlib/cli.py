"""Command line: ``impactlib validate | template | demo | brief``.

Examples
--------
``impactlib validate aineisto.xlsx`` prints a summary (rows per table, years,
areas) or every problem, with exit status 1 on problems (``impactlib validate``
alone checks the bundled synthetic demo data);
``impactlib template aineisto.xlsx`` writes the data-entry workbook;
``impactlib demo`` regenerates the synthetic demo data.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

__all__ = ["main", "build_parser"]


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
            ds = load_dataset(args.path)
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


def _cmd_template(args: argparse.Namespace) -> int:
    from .sources.template import write_template

    out = write_template(args.out, lang=args.lang)
    print(f"wrote / kirjoitettu: {out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .demo import DEMO_DIR, write_demo

    out = Path(args.out) if args.out else DEMO_DIR
    sums = write_demo(out, seed=args.seed)
    for name, digest in sums.items():
        print(f"{digest}  {out / name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``impactlib`` command."""
    p = argparse.ArgumentParser(
        prog="impactlib",
        description="Evidence on Finnish sote associations: validate data, write the data-entry "
        "template, render evidence briefs. / Näyttöä sote-järjestöjen toiminnasta.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a dataset folder or workbook / tarkista aineisto")
    v.add_argument("path", nargs="?", default=None,
                   help="folder of CSV files or an .xlsx workbook (default: the bundled demo data)")
    v.set_defaults(func=_cmd_validate)
    t = sub.add_parser("template", help="write the data-entry workbook / kirjoita tiedonkeruupohja")
    t.add_argument("out", help="output .xlsx file")
    t.add_argument("--lang", choices=["fi", "en"], default="fi")
    t.set_defaults(func=_cmd_template)
    d = sub.add_parser("demo", help="regenerate the synthetic demo data / luo demoaineisto")
    d.add_argument("--out", help="output folder (default: the bundled demo data, impactlib/data/demo)")
    d.add_argument("--seed", type=int, default=None)
    d.set_defaults(func=_cmd_demo)
    try:
        from .brief import add_cli
    except ImportError:  # the brief module needs the optional 'briefs' extras
        pass
    else:
        add_cli(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from .demo import SEED

        args.seed = SEED
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
