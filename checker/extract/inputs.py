"""Which files `checker extract` reads: files as given, the articles in folders, `-` for standard input."""

from __future__ import annotations

from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml")
STDIN = Path("-")


def article_files(arguments: list[Path]) -> tuple[list[Path], list[str]]:
    """(files to extract, problems): a file is taken whatever its name; a folder gives its article
    files (by suffix, in every subfolder, sorted, hidden ones left out); ``-`` is standard input."""
    files: list[Path] = []
    problems: list[str] = []
    for argument in arguments:
        if argument == STDIN:
            files.append(STDIN)
        elif argument.is_dir():
            found = sorted(p for p in argument.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not _hidden(p, argument))
            if not found:
                problems.append(f"{argument}: no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
            files.extend(found)
        elif argument.is_file():
            files.append(argument)
        else:
            problems.append(f"{argument}: no such file or folder")
    return files, problems


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
