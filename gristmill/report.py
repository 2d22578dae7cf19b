"""Rich renderables for stage reports. Library code returns these; only the CLI prints them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text


def _n(value: float | int) -> str:
    return f"{value:,.0f}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.1f}"


def table(title: str, columns: list[str], rows: list[list[Any]], numeric_from: int = 1) -> Table:
    """A compact table; columns from `numeric_from` on are right-aligned."""
    out = Table(title=title, title_justify="left", title_style="bold", header_style="bold cyan",
                show_edge=False, pad_edge=False)
    for index, name in enumerate(columns):
        out.add_column(name, justify="right" if index >= numeric_from else "left")
    for row in rows:
        out.add_row(*[_n(v) if isinstance(v, int | float) and not isinstance(v, bool) else str(v) for v in row])
    return out


def accounting_line(stats: dict[str, Any]) -> Text:
    """The `rows_in == kept + rejected` check, said plainly."""
    ok = stats["accounted"]
    line = Text.assemble(
        ("✓ " if ok else "✗ ", "bold green" if ok else "bold red"),
        f"rows in {stats['rows_in']:,}",
        (f" + added {stats['rows_added']:,}" if stats.get("rows_added") else ""),
        f" = kept {stats['kept']:,} + rejected {stats['rejected']:,}",
        (f" (of which quarantined {stats['quarantined']:,})" if stats["quarantined"] else ""),
        ("" if ok else ("  — ROWS UNACCOUNTED FOR", "bold red")),
    )
    return line


class CurateReport:
    """The data-quality report of a curation run: passes, drop reasons, sources, lengths, labels."""

    def __init__(self, stats: dict[str, Any], pass_reports: list[RenderableType] | None = None) -> None:
        self.stats = stats
        self.pass_reports = pass_reports or []

    def sections(self) -> Iterator[RenderableType]:
        s = self.stats
        yield Text.assemble(("Curation report", "bold"), f"  kind={s['kind']}  ", (f"{s['seconds']:.1f} s", "dim"))
        yield table("Passes", ["pass", "rows in", "rows out", "dropped", "modified", "seconds"],
                    [[p["name"], p["rows_in"], p["rows_out"], p["dropped"], p["modified_rows"], p["seconds"]]
                     for p in s["passes"]])
        if s["drop_reasons"]:
            total = max(s["rows_in"], 1)
            yield table("Dropped by reason", ["reason", "rows", "% of input"],
                        [[r, n, f"{100 * n / total:.1f}%"] for r, n in s["drop_reasons"].items()])
        yield table("Sources", ["source", "license", "origin", "rows in", "kept", "rejected", "quarantined"],
                    [[x["source"], x["license"], x["origin"], x["rows_in"], x["kept"], x["rejected"],
                      x["quarantined"]] for x in s["sources"]], numeric_from=3)
        if s["lengths"]:
            every = s.get("words_sampled_every", 1)
            sampled = f", from every {every}th row" if every > 1 else ""
            yield table(f"Lengths of kept rows (characters; words at the median{sampled})",
                        ["field", "p5", "p50", "p95", "max", "words p50"],
                        [[f, v["chars_p5"], v["chars_p50"], v["chars_p95"], v["chars_max"], v["words_p50"]]
                         for f, v in s["lengths"].items()])
        for column, counts in s.get("labels", {}).items():
            yield table(f"Kept rows by {column}", [column, "rows"], [[k, v] for k, v in counts.items()])
        yield from self.pass_reports
        yield accounting_line(s)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        for section in self.sections():
            yield section
            yield Text("")

    def render_text(self, width: int = 100) -> str:
        """Plain text, as a test or a log file would want it."""
        import io

        console = Console(file=io.StringIO(), width=width, color_system=None)
        console.print(Group(*self.sections()))
        return console.file.getvalue()  # type: ignore[attr-defined]
