"""Look at an export file before loading it: checksum, encoding, header, where the data ends.

Everything here streams the file in fixed-size chunks, so memory stays bounded whatever its
size. PostgreSQL parses the rows themselves (COPY ... FORMAT csv); this module only reads
what COPY needs to be told (the encoding, the column names) and refuses what COPY would
load wrongly or report badly (undecodable bytes, NUL bytes, an empty file, a bad header).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.registries import column_key

CHUNK_SIZE = 1 << 20
# PostgreSQL truncates identifiers to 63 bytes; longer header names are shortened with a
# hash suffix so that two long names never collide (the manifest keeps the original).
MAX_IDENTIFIER_BYTES = 63
PROVENANCE_COLUMNS = ("_load_id", "_row_number", "_file_name", "_loaded_at")

# Our encoding names -> PostgreSQL's names for COPY ... ENCODING.
POSTGRES_ENCODINGS = {"utf-8": "UTF8", "windows-1252": "WIN1252"}


class IngestError(Exception):
    """A file that cannot be loaded: names the file, where in it, and what is wrong."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}: line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class SourceColumn:
    """One header field: its text in the file and the column it lands in."""

    source: str
    column: str


@dataclass(frozen=True)
class FileFacts:
    path: Path
    sha256: str
    size: int
    encoding: str  # "utf-8" or "windows-1252"
    has_bom: bool
    header: list[str]  # names as written in the file (empty names kept empty)
    columns: list[SourceColumn]  # names of the raw table's columns, in file order
    data_end: int  # offset after the last byte that is not a line break

    @property
    def postgres_encoding(self) -> str:
        return POSTGRES_ENCODINGS[self.encoding]


def _line_at(path: Path, offset: int) -> int:
    """1-based line number of byte ``offset`` (counts LF; CRLF files count the same)."""
    line = 1
    with path.open("rb") as handle:
        remaining = offset
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            line += chunk.count(b"\n")
            remaining -= len(chunk)
    return line


def _scan(
    path: Path, on_read: Callable[[int], None] | None = None
) -> tuple[str, int, int, int | None, int | None]:
    """One pass: sha256, size, end of data, first NUL byte, first byte that is not UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    data_end = 0
    nul_at: int | None = None
    bad_utf8_at: int | None = None
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            if nul_at is None and (found := chunk.find(b"\x00")) >= 0:
                nul_at = size + found
            if bad_utf8_at is None:
                # error.start counts from the decoder's pending bytes, then this chunk.
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    bad_utf8_at = max(size + error.start - pending, 0)
            stripped = chunk.rstrip(b"\r\n")
            if stripped:
                data_end = size + len(stripped)
            size += len(chunk)
            if on_read is not None:
                on_read(len(chunk))
    if bad_utf8_at is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad_utf8_at = size - len(decoder.getstate()[0])
    return digest.hexdigest(), size, data_end, nul_at, bad_utf8_at


def _first_bad_windows_1252(path: Path) -> int | None:
    """Offset of the first byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)."""
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            try:
                chunk.decode("windows-1252")
            except UnicodeDecodeError as error:
                return offset + error.start
            offset += len(chunk)
    return None


def _detect_encoding(path: Path, size: int, nul_at: int | None, bad_utf8_at: int | None) -> str:
    if nul_at is not None:
        raise IngestError(
            path,
            f"NUL byte at offset {nul_at}: this is not a text CSV "
            "(a UTF-16 export or a binary file?); save it as UTF-8 or Windows-1252",
            line=_line_at(path, nul_at),
        )
    if bad_utf8_at is None:
        return "utf-8"
    bad_1252_at = _first_bad_windows_1252(path)
    if bad_1252_at is None:
        return "windows-1252"
    with path.open("rb") as handle:
        handle.seek(bad_utf8_at)
        utf8_bytes = handle.read(4)
        handle.seek(bad_1252_at)
        cp1252_byte = handle.read(1)
    raise IngestError(
        path,
        "bytes decode in no supported encoding: not UTF-8 "
        f"(byte 0x{utf8_bytes[:1].hex()} at offset {bad_utf8_at}, "
        f"line {_line_at(path, bad_utf8_at)}) and not Windows-1252 "
        f"(byte 0x{cp1252_byte.hex()} at offset {bad_1252_at}, "
        f"line {_line_at(path, bad_1252_at)})",
        line=_line_at(path, bad_utf8_at),
    )


def _column_name(source: str, index: int) -> str:
    """The raw table column for header field ``index``: its own name, kept as written."""
    if source.strip() == "":
        # A trailing comma on every line gives an unnamed last column; pandas-written
        # exports of the same files call it "Unnamed: <index>", so use that name too.
        return f"Unnamed: {index}"
    if len(source.encode("utf-8")) <= MAX_IDENTIFIER_BYTES:
        return source
    suffix = "~" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    keep = source.encode("utf-8")[: MAX_IDENTIFIER_BYTES - len(suffix)]
    return keep.decode("utf-8", errors="ignore") + suffix


def _read_header(path: Path, encoding: str) -> tuple[list[str], bool]:
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open("rb") as raw:
        has_bom = raw.read(3) == codecs.BOM_UTF8
    with path.open("r", encoding=python_encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise IngestError(path, "file is empty: no header and no rows")
            if not any(field.strip() for field in header):
                raise IngestError(path, "the first line is blank: it must hold the header", line=1)
            first_row = next(reader, None)
            while first_row is not None and not any(field.strip() for field in first_row):
                first_row = next(reader, None)
        except csv.Error as error:
            raise IngestError(path, f"malformed CSV: {error}", line=reader.line_num) from error
    if first_row is None:
        raise IngestError(
            path,
            f"no data rows after the header ({len(header)} columns); "
            "an export with no rows would empty the snapshot, so it is refused",
        )
    return header, has_bom


def _check_header(path: Path, header: list[str]) -> list[SourceColumn]:
    columns = [SourceColumn(name, _column_name(name, index)) for index, name in enumerate(header)]
    seen: dict[str, int] = {}
    for index, column in enumerate(columns):
        if column.source.strip() == "":
            continue
        key = column_key(column.source)
        if key in seen:
            first = seen[key]
            raise IngestError(
                path,
                f"duplicate column name in the header: {header[first]!r} (column {first + 1}) "
                f"and {column.source!r} (column {index + 1}); "
                "names must be unique (ignoring case and spacing) to be read by name",
                line=1,
            )
        if column.column in PROVENANCE_COLUMNS:
            raise IngestError(
                path,
                f"column {index + 1} is named {column.source!r}, "
                "a name reserved for provenance columns",
                line=1,
            )
        seen[key] = index
    return columns


def inspect_file(path: Path, on_read: Callable[[int], None] | None = None) -> FileFacts:
    """Read what loading ``path`` needs, or raise IngestError saying why it cannot load.

    ``on_read`` is told how many bytes each chunk of the checksum pass held.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, "no such file")
    sha256, size, data_end, nul_at, bad_utf8_at = _scan(path, on_read)
    if size == 0 or data_end == 0:
        raise IngestError(path, f"file is empty ({size} bytes)")
    encoding = _detect_encoding(path, size, nul_at, bad_utf8_at)
    header, has_bom = _read_header(path, encoding)
    columns = _check_header(path, header)
    return FileFacts(
        path=path,
        sha256=sha256,
        size=size,
        encoding=encoding,
        has_bom=has_bom,
        header=header,
        columns=columns,
        data_end=data_end,
    )


class DataStream(io.RawIOBase):
    """The file's bytes up to the end of its data, read in chunks for COPY FROM STDIN.

    Trailing blank lines are left out (COPY would read them as rows with missing
    columns); ``on_read`` is told how many bytes each read returned, for progress bars.
    """

    def __init__(self, facts: FileFacts, on_read: Callable[[int], None] | None = None) -> None:
        self._handle = facts.path.open("rb")
        self._remaining = facts.data_end
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._remaining <= 0:
            return b""
        if size is None or size < 0 or size > self._remaining:
            size = min(self._remaining, CHUNK_SIZE)
        chunk = self._handle.read(size)
        self._remaining -= len(chunk)
        if self._on_read is not None and chunk:
            self._on_read(len(chunk))
        return chunk

    def close(self) -> None:
        self._handle.close()
        super().close()
