#!/usr/bin/env python3
"""Writes its section of docs/benchmarks.md from one run's results (benchmarks/run.sh calls it).

usage: report.py RESULTS_DIR [REPORT]      (REPORT defaults to docs/benchmarks.md)

RESULTS_DIR holds what run.sh left there: run.env (settings and machine), JMH result files (*.json, JMH's
format), the C baseline's output (c-blake3.txt) and check results (bounded-decode.json). Every result becomes a
Measure: a benchmark name, its parameters and its throughput in operations per second. A Suite turns measures
into tables (MB/s when the parameters name a size, else ops/s) and checks its issue's floors on them.

To add a suite (as XChaCha20-Poly1305 and Ed25519 were): give run.sh a suite_NAME function that
writes NAME.json, then append a Suite to SUITES below with its tables and floors; measures from other sources
can be written in JMH's JSON shape ({"benchmark", "params", "primaryMetric": {"score", "scoreError",
"scoreUnit"}}) and need no new reader. The section goes between two HTML comment markers (added after the title
on the first run); the rest of the file, written by other harnesses, is kept. Standard library only.
"""

import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

PACKAGE = "io.objsync.benchmarks."
UNITS = {"B": 0, "KiB": 10, "MiB": 20, "GiB": 30}
BACKENDS = ["java", "jni", "ffm"]


# ---------------------------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------------------------

def parse_size(label: str) -> Optional[int]:
    """Bytes in a size label as the benchmarks spell it (64B, 16KiB, 1GiB-file), or None."""
    m = re.fullmatch(r"(\d+)(B|KiB|MiB|GiB)?(-file)?", label.strip())
    if not m:
        return None
    return int(m.group(1)) << UNITS[m.group(2) or "B"]


def size_label(n: int) -> str:
    for unit in ("GiB", "MiB", "KiB"):
        if n >= 1 << UNITS[unit] and n % (1 << UNITS[unit]) == 0:
            return f"{n >> UNITS[unit]}{unit}"
    return f"{n}B"


@dataclass
class Measure:
    bench: str                  # "Blake3Benchmark.hash", "C.hash": class (or program) and operation
    params: Dict[str, str]
    ops: float                  # operations per second
    error: float = math.nan     # half-width of the 99.9% interval, ops/s (NaN when unknown)

    @property
    def size(self) -> Optional[int]:
        for key in ("size", "input"):
            if key in self.params:
                return parse_size(self.params[key])
        return None

    @property
    def mbps(self) -> Optional[float]:
        return None if self.size is None else self.ops * self.size / 1e6

    def value(self, unit: str) -> Optional["Rate"]:
        v = self.mbps if unit == "MB/s" else self.ops
        return None if v is None else Rate(v, self.error / self.ops if self.ops else math.nan)


class Rate(float):
    """A measured rate that remembers its relative error (JMH's 99.9% interval), so floors can show it."""

    def __new__(cls, value: float, rel_error: float = math.nan):
        r = super().__new__(cls, value)
        r.rel_error = rel_error
        return r


TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}


def to_ops(score: float, error: float, unit: str):
    """JMH's score in ops/s whatever mode produced it (throughput or time per operation)."""
    m = re.fullmatch(r"ops/(s|ms|us|ns)", unit)
    if m:
        f = 1.0 / TIME_UNITS[m.group(1)]
        return score * f, error * f
    m = re.fullmatch(r"(s|ms|us|ns)/op", unit)
    if m:
        seconds = score * TIME_UNITS[m.group(1)]
        return 1.0 / seconds, error * TIME_UNITS[m.group(1)] / seconds ** 2
    raise ValueError(f"unsupported JMH unit {unit}")


def read_jmh(path: str) -> List[Measure]:
    with open(path) as f:
        data = json.load(f)
    out = []
    for r in data if isinstance(data, list) else []:
        metric = r["primaryMetric"]
        err = metric.get("scoreError", "NaN")
        ops, error = to_ops(float(metric["score"]), float(err) if err != "NaN" else math.nan, metric["scoreUnit"])
        name = r["benchmark"]
        if name.startswith(PACKAGE):
            name = name[len(PACKAGE):]
        out.append(Measure(name, dict(r.get("params") or {}), ops, error))
    return out


C_LINE = re.compile(r"^(\w+)\s+(\d+) bytes\s+([\d.]+) ns/op")


def read_c(path: str) -> List[Measure]:
    """The C baseline's lines, '<op> <bytes> bytes <ns> ns/op <MB/s> MB/s', keeping each case's best of the runs
    in the file: the ceiling is what the machine can do, and noise only ever slows a run down."""
    best: Dict[tuple, float] = {}
    with open(path) as f:
        for line in f:
            m = C_LINE.match(line)
            if m:
                key = (m.group(1), size_label(int(m.group(2))))
                best[key] = max(best.get(key, 0.0), 1e9 / float(m.group(3)))
    return [Measure("C." + op, {"size": size}, ops) for (op, size), ops in best.items()]


@dataclass
class Run:
    dir: str
    meta: Dict[str, str]
    measures: List[Measure]
    checks: Dict[str, dict]     # check name -> its JSON result
    jvm: Dict[str, str]         # from the first JMH file: jdkVersion, vmName, vmVersion

    def find(self, bench: str, **params) -> Optional[Measure]:
        for m in self.measures:
            if m.bench == bench and all(m.params.get(k) == v for k, v in params.items()):
                return m
        return None

    def values(self, name: str) -> List[str]:
        """Every value a parameter took in this run, in a sensible order."""
        seen = {m.params[name] for m in self.measures if name in m.params}
        return sorted(seen, key=order_key)

    @property
    def default_backend(self) -> str:
        """The backend objsync picks by default on the JMH JVM: ffm from Java 22, else jni."""
        feature = int(re.match(r"(\d+)", self.jvm.get("jdkVersion", "0")).group(1))
        return "ffm" if feature >= 22 else "jni"


def order_key(v: str):
    if v in BACKENDS:
        return (0, BACKENDS.index(v), v)
    size = parse_size(v)
    if size is not None:
        return (1, size, v)
    return (2, 0, v)


def load(results: str) -> Run:
    meta, measures, checks, jvm = {}, [], {}, {}
    env = os.path.join(results, "run.env")
    if os.path.exists(env):
        with open(env) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta[k] = v
    for name in sorted(os.listdir(results)):
        path = os.path.join(results, name)
        if name.endswith(".json"):
            with open(path) as f:
                text = f.read().strip()
            if not text:
                continue
            data = json.loads(text)
            if isinstance(data, dict) and "check" in data:
                checks[data["check"]] = data
            elif isinstance(data, list):
                measures += read_jmh(path)
                if data and not jvm:
                    jvm = {k: str(data[0].get(k, "")) for k in ("jdkVersion", "vmName", "vmVersion", "jmhVersion")}
        elif name.startswith("c-") and name.endswith(".txt"):
            measures += read_c(path)
    return Run(results, meta, measures, checks, jvm)


# ---------------------------------------------------------------------------------------------------------------
# Tables and floors
# ---------------------------------------------------------------------------------------------------------------

Row = Dict[str, str]                            # the parameters that make a table row, e.g. {"size": "64B"}
Cell = Callable[[Run, Row], Optional[float]]    # a value for a row: a rate or a ratio


@dataclass
class Table:
    """Rows are combinations of some parameters (`keys`); each column computes a value for a row."""
    title: str
    keys: List[str]
    columns: List[tuple]                        # (header, Cell, kind) with kind "rate" or "ratio"
    rows: Optional[Callable[[Run], List[Row]]] = None   # default: every combination measured in the run
    note: str = ""

    def all_rows(self, run: Run) -> List[Row]:
        if self.rows:
            return self.rows(run)
        seen = {tuple(m.params[k] for k in self.keys) for m in run.measures if all(k in m.params for k in self.keys)}
        return [dict(zip(self.keys, t)) for t in sorted(seen, key=lambda t: [order_key(v) for v in t])]

    def render(self, run: Run, unit: str) -> List[str]:
        head = [" / ".join(self.keys)] + [h if kind == "ratio" else f"{h} ({unit})" for h, _, kind in self.columns]
        body = []
        for row in self.all_rows(run):
            cells = [fmt(cell(run, row), kind) for _, cell, kind in self.columns]
            if any(c != "–" for c in cells):
                body.append("| " + " | ".join([" / ".join(row[k] for k in self.keys)] + cells) + " |")
        if not body:
            return []
        lines = [f"**{self.title}**", "", "| " + " | ".join(head) + " |",
                 "|" + "|".join(["---"] + ["---:"] * len(self.columns)) + "|"] + body
        if self.note:
            lines += ["", self.note]
        return lines + [""]


@dataclass
class Check:
    subject: str
    measured: str
    passed: Optional[bool]                      # None: not measured in this run


@dataclass
class Floor:
    issue: int
    text: str
    evaluate: Callable[[Run], List[Check]]


@dataclass
class Suite:
    key: str
    title: str
    issues: List[int]
    about: str
    unit: str                                   # "MB/s" or "ops/s"
    tables: List[Table]
    floors: List[Floor] = field(default_factory=list)
    extra: Optional[Callable[[Run], List[str]]] = None


def fmt(v: Optional[float], kind: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if kind == "ratio":
        return f"{v:.2f}x"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def rate(bench: str, unit: str = "MB/s", **fixed) -> Cell:
    """A column of `bench`'s rate where its parameters match the row's and `fixed`."""
    def cell(run: Run, row: Row) -> Optional[float]:
        m = run.find(bench, **{**row, **fixed})
        return None if m is None else m.value(unit)
    return cell


def ratio(num: Cell, den: Cell) -> Cell:
    def cell(run: Run, row: Row) -> Optional[float]:
        a, b = num(run, row), den(run, row)
        return None if a is None or b is None or b == 0 else a / b
    return cell


def best(*cells: Cell) -> Cell:
    def cell(run: Run, row: Row) -> Optional[float]:
        vals = [v for v in (c(run, row) for c in cells) if v is not None]
        return max(vals) if vals else None
    return cell


def with_error(v: float) -> str:
    rel = getattr(v, "rel_error", math.nan)
    return fmt(v, "rate") + ("" if math.isnan(rel) else f" ±{100 * rel:.0f}%")


def at_least(subject: str, value: Optional[float], reference: Optional[float], factor: float, what: str) -> Check:
    """value >= factor x reference, with both numbers (and their errors where known) shown."""
    if value is None or reference is None:
        return Check(subject, "not measured", None)
    r = value / reference if reference else math.inf
    return Check(subject, f"{r:.2f}x ({with_error(value)} vs {with_error(reference)} {what})", r >= factor)


# ---------------------------------------------------------------------------------------------------------------
# The suites
# ---------------------------------------------------------------------------------------------------------------

def blake3_peers() -> List[Cell]:
    return [rate("Blake3Benchmark.hash", backend="java"), rate("Blake3PeersBenchmark.commonsCodec"),
            rate("Blake3PeersBenchmark.bouncyCastle")]


def blake3_native_floors(run: Run) -> List[Check]:
    c, pure = rate("C.hash"), best(*blake3_peers())
    out = []
    for size in [s for s in run.values("size") if (parse_size(s) or 0) >= 16 << 10]:
        row = {"size": size}
        for b in ("jni", "ffm"):
            mine = rate("Blake3Benchmark.hash", backend=b)(run, row)
            if mine is None and c(run, row) is None:
                continue
            out.append(at_least(f"{b} {size} vs C", mine, c(run, row), 0.9, "MB/s"))
            out.append(at_least(f"{b} {size} vs fastest pure Java", mine, pure(run, row), 8, "MB/s"))
    return out


def blake3_small_floor(run: Run) -> List[Check]:
    d, row = run.default_backend, {"size": "64B"}
    m = rate("Blake3Benchmark.hash", "ops/s", backend=d)(run, row)
    j = rate("Blake3Benchmark.hash", "ops/s", backend="java")(run, row)
    return [at_least(f"default ({d}) vs java at 64B", m, j, 1.0, "hashes/s")]


def scaling_floor(bench: str, backends=("jni", "ffm")) -> Callable[[Run], List[Check]]:
    """2 threads >= 1.7x 1 thread, for each native backend and size measured."""
    def evaluate(run: Run) -> List[Check]:
        out = []
        for b in backends:
            for size in run.values("size"):
                two = run.find(bench, backend=b, size=size, threads="2")
                one = run.find(bench, backend=b, size=size, threads="1")
                if one or two:
                    out.append(at_least(f"{b} {size}, 2 threads vs 1", two and two.value("MB/s"),
                                        one and one.value("MB/s"), 1.7, "MB/s"))
        return out
    return evaluate


def bao_vs_hash(op: str, factor: float) -> Callable[[Run], List[Check]]:
    """`op` >= factor x hashing the same input on the same backend."""
    def evaluate(run: Run) -> List[Check]:
        out = []
        for b in run.values("backend"):
            for inp in run.values("input"):
                m = run.find("BaoBenchmark." + op, backend=b, input=inp)
                h = run.find("BaoBenchmark.hash", backend=b, input=inp)
                if m or h:
                    out.append(at_least(f"{b} {inp}", m and m.value("MB/s"), h and h.value("MB/s"), factor,
                                        "MB/s hashing"))
        return out
    return evaluate


def bounded_decode_floor(run: Run) -> List[Check]:
    c = run.checks.get("bounded-decode")
    if c is None:
        return [Check("1 GiB stream", "not run", None)]
    if "bytes" not in c:
        return [Check("1 GiB stream", "failed: see bounded-decode.log", False)]
    detail = (f"{c['released']:,} bytes released and rehashed to the root in {c['seconds']:.2f} s "
              f"on {c['backend']}; heap limit {c['maxHeapBytes'] >> 20} MiB, peak heap {c['peakHeapBytes'] >> 20} MiB")
    return [Check(f"{c['size']} stream, -Xmx64m", detail, bool(c["passed"]))]


def bao_rows(run: Run) -> List[Row]:
    """Every (input, backend) measured, and the C program's (size, C) where it measured that size."""
    rows = [{"input": i, "backend": b} for i in run.values("input") for b in run.values("backend")
            if any(run.find("BaoBenchmark." + op, backend=b, input=i) for op in BAO_OPS)]
    rows += [{"input": i, "backend": "C"} for i in run.values("input") if run.find("C.outboard", size=i)]
    return sorted(rows, key=lambda r: (order_key(r["input"]), r["backend"] == "C", order_key(r["backend"])))


BAO_OPS = ("hash", "outboard", "encode", "decode", "decodeStream")


def bao_cell(op: str) -> Cell:
    def cell(run: Run, row: Row) -> Optional[float]:
        if row["backend"] == "C":
            m = run.find("C." + op, size=row["input"])
        else:
            m = run.find("BaoBenchmark." + op, **row)
        return m and m.value("MB/s")
    return cell


def bounded_decode_text(run: Run) -> List[str]:
    c = run.checks.get("bounded-decode")
    if not c:
        return []
    return ["**Decoding 1 GiB with `-Xmx64m`** (`io.objsync.benchmarks.BoundedDecodeCheck`): the full BAO stream "
            "of a 1 GiB file is read through an `InputStream` in a JVM limited to 64 MiB of heap; every released "
            "byte is rehashed and must reproduce the root hash, in order, without gaps.", "",
            "```", json.dumps(c), "```", ""]


def threads_table(title: str, bench: str) -> Table:
    one, two = rate(bench, threads="1"), rate(bench, threads="2")
    return Table(title, ["backend", "size"], [("1 thread", one, "rate"), ("2 threads", two, "rate"),
                                              ("2 / 1", ratio(two, one), "ratio")])


def blake3_suite() -> Suite:
    c, pure = rate("C.hash"), best(*blake3_peers())
    java, cc, bc = blake3_peers()
    jni, ffm = rate("Blake3Benchmark.hash", backend="jni"), rate("Blake3Benchmark.hash", backend="ffm")
    one_shot = Table("One-shot hash of a heap array, one thread", ["size"], [
        ("C", c, "rate"), ("java", java, "rate"), ("jni", jni, "rate"), ("ffm", ffm, "rate"),
        ("commons-codec", cc, "rate"), ("BouncyCastle", bc, "rate"),
        ("jni / C", ratio(jni, c), "ratio"), ("ffm / C", ratio(ffm, c), "ratio"),
        ("jni / best pure Java", ratio(jni, pure), "ratio"), ("ffm / best pure Java", ratio(ffm, pure), "ratio"),
        ("ffm / java", ratio(ffm, java), "ratio")],
        note="C is `benchmarks/c/blake3_bench.c`: the same BLAKE3 sources, no bridge. java, jni and ffm are "
             "`Blake3.hash(byte[])` on each objsync backend; commons-codec is "
             "`org.apache.commons.codec.digest.Blake3.hash`, BouncyCastle a reused `Blake3Digest`. "
             "\"Best pure Java\" is the fastest of java, commons-codec and BouncyCastle at that size.")
    return Suite("blake3", "BLAKE3 hashing", [2],
                 "BLAKE3 of 64 B to 64 MiB on each backend, against the C program and the pure-Java peers.",
                 "MB/s", [one_shot, threads_table("Hashing on 1 and 2 threads (`Blake3.parallel(n)`)",
                                                  "ParallelBenchmark.hash")], [
                     Floor(2, "at >= 16 KiB, JNI and FFM each >= 0.9x the C program and >= 8x the fastest "
                              "pure-Java peer", blake3_native_floors),
                     Floor(2, "at 64 B the default backend is never slower than the pure-Java backend",
                           blake3_small_floor),
                     Floor(2, "hashing 64 MiB on 2 threads >= 1.7x one thread", scaling_floor("ParallelBenchmark.hash")),
                 ])


def bao_suite() -> Suite:
    cols = [(op, bao_cell(op), "rate") for op in BAO_OPS]
    cols += [(f"{op} / hash", ratio(bao_cell(op), bao_cell("hash")), "ratio") for op in BAO_OPS[1:]]
    streaming = Table("Outboard, encoding and decoding beside hashing the same blob, one thread",
                      ["input", "backend"], cols, rows=bao_rows,
                      note="Arrays are hashed and outboarded in memory and encoded from `BaoData.of(byte[])`; "
                           "`decode` verifies the stream in place in an array (`BaoDecoder.feed`), `decodeStream` "
                           "reads it through a `ByteArrayInputStream` (`BaoDecoder.readFrom`, one copy). The "
                           "`-file` input is hashed and outboarded through memory maps and encoded with positional "
                           "reads from a `FileChannel`; `decode` feeds the mapped stream file, `decodeStream` reads "
                           "it through a 1 MiB `BufferedInputStream` (copies from the page cache). Encoding writes "
                           "every chunk's stream to a null sink; decoding verifies every node and releases every "
                           "byte. The decoding floor is checked on `decode`, which reads its input as hashing does; "
                           "`decodeStream` shows what a stream's copies add. C rows are the C program (no bridge, "
                           "no I/O).")
    return Suite("bao", "BAO verified streaming", [4],
                 "Outboards, encoding and decoding at 1 MiB, 64 MiB and a 1 GiB file, each against plain BLAKE3 "
                 "of the same input in the same run.", "MB/s",
                 [streaming, threads_table("Outboard on 1 and 2 threads (`Outboard.builder().threads(n)`)",
                                           "ParallelBenchmark.outboard")], [
                     Floor(4, "outboard on one thread >= 0.9x hashing", bao_vs_hash("outboard", 0.9)),
                     Floor(4, "decoding (in place) >= 0.8x hashing", bao_vs_hash("decode", 0.8)),
                     Floor(4, "outboard of 64 MiB on 2 threads >= 1.7x one thread",
                           scaling_floor("ParallelBenchmark.outboard")),
                     Floor(4, "decoding a 1 GiB stream passes with -Xmx64m", bounded_decode_floor),
                 ], extra=bounded_decode_text)


AEAD_OPS = ("seal", "open")
AEAD_PEERS = ("tink", "tinkJce", "bouncyCastle")


def aead_pure(op: str) -> List[Cell]:
    """The pure-Java XChaCha20-Poly1305s for `op`: objsync's java backend and the peers."""
    return [rate("XChaCha20Poly1305Benchmark." + op, backend="java")] + \
        [rate(f"XChaCha20Poly1305PeersBenchmark.{p}{op.capitalize()}") for p in AEAD_PEERS]


def aead_native_floor(run: Run) -> List[Check]:
    out = []
    for op in AEAD_OPS:
        pure = best(*aead_pure(op))
        for size in [s for s in run.values("size") if (parse_size(s) or 0) >= 1 << 10]:
            row = {"size": size}
            for b in ("jni", "ffm"):
                mine = rate("XChaCha20Poly1305Benchmark." + op, backend=b)(run, row)
                if mine is None and pure(run, row) is None:
                    continue
                out.append(at_least(f"{op} {b} {size}", mine, pure(run, row), 1.0, "MB/s fastest pure Java"))
    return out


def aead_table(op: str) -> Table:
    java, tink, jce, bc = aead_pure(op)
    mine = {b: rate("XChaCha20Poly1305Benchmark." + op, backend=b) for b in ("jni", "ffm")}
    pure = best(java, tink, jce, bc)
    return Table(f"{op.capitalize()}, one thread", ["size"], [
        ("java", java, "rate"), ("jni", mine["jni"], "rate"), ("ffm", mine["ffm"], "rate"),
        ("Tink", tink, "rate"), ("Tink JCE", jce, "rate"), ("BouncyCastle", bc, "rate"),
        ("jni / best pure Java", ratio(mine["jni"], pure), "ratio"),
        ("ffm / best pure Java", ratio(mine["ffm"], pure), "ratio")])


def xchacha_suite() -> Suite:
    tables = [aead_table(op) for op in AEAD_OPS]
    tables[-1].note = (
        "MB/s of plaintext. java, jni and ffm are `XChaCha20Poly1305.seal(nonce, plaintext, null)` and "
        "`open(nonce, sealed, null)` on each objsync backend (byte[] in, new byte[] out; java is HChaCha20 in Java "
        "over the JDK's ChaCha20-Poly1305 cipher; jni and ffm HChaCha20 from libsodium, ChaCha20 and Poly1305 from "
        "OpenSSL's assembly). Tink is "
        "`com.google.crypto.tink.aead.internal.InsecureNonceXChaCha20Poly1305` (Tink's own ChaCha20 and Poly1305 "
        "in Java, explicit nonce: what `subtle.XChaCha20Poly1305` runs after drawing a nonce). Tink JCE is "
        "`aead.internal.XChaCha20Poly1305Jce` (HChaCha20 in Java over the JDK's cipher, as objsync's java "
        "backend), which draws a random nonce per seal and reads `nonce || ciphertext || tag`. BouncyCastle has no "
        "XChaCha AEAD: its ChaCha core computes HChaCha20 and a new `ChaCha20Poly1305` per message seals under the subkey "
        "(`BouncyCastleXChaCha20Poly1305`). Same key, 24-byte nonce and plaintext everywhere, no associated data; "
        "each peer's output is checked equal to objsync's in setup. \"Best pure Java\" is the fastest of java, "
        "Tink, Tink JCE and BouncyCastle at that size.")
    return Suite("xchacha", "XChaCha20-Poly1305", [3],
                 "Seal and open of 64 B to 1 MiB on each backend, against Tink and BouncyCastle.", "MB/s", tables, [
                     Floor(3, "at >= 1 KiB, JNI and FFM seal and open each >= the fastest pure-Java "
                              "XChaCha20-Poly1305", aead_native_floor)])


ED25519_OPS = (("sign", "sign"), ("verify", "verify"), ("batch verify", "batchVerify"))


def ed_cell(bench: str, prefix: str = "", **fixed) -> Cell:
    """Signatures per second of the row's operation: a batch of n counts n."""
    def cell(run: Run, row: Row) -> Optional[float]:
        op = dict(ED25519_OPS)[row["operation"]]
        m = run.find(bench + "." + (prefix + op[0].upper() + op[1:] if prefix else op), **fixed)
        if m is None:
            return None
        n = int(m.params.get("batch", "1")) if op == "batchVerify" else 1
        return Rate(m.ops * n, m.error / m.ops if m.ops else math.nan)
    return cell


def ed25519_floor(run: Run) -> List[Check]:
    row = {"operation": "verify"}
    jdk = ed_cell("Ed25519PeersBenchmark", "jdk")(run, row)
    return [at_least(f"verify {b} vs JDK", ed_cell("Ed25519Benchmark", backend=b)(run, row), jdk, 2.0,
                     "verifies/s") for b in ("jni", "ffm")]


def ed25519_suite() -> Suite:
    mine = {b: ed_cell("Ed25519Benchmark", backend=b) for b in BACKENDS}
    jdk, bc = ed_cell("Ed25519PeersBenchmark", "jdk"), ed_cell("Ed25519PeersBenchmark", "bouncyCastle")
    table = Table("Signatures per second, one thread", ["operation"], [
        ("java", mine["java"], "rate"), ("jni", mine["jni"], "rate"), ("ffm", mine["ffm"], "rate"),
        ("JDK", jdk, "rate"), ("BouncyCastle", bc, "rate"),
        ("jni / JDK", ratio(mine["jni"], jdk), "ratio"), ("ffm / JDK", ratio(mine["ffm"], jdk), "ratio"),
        ("ffm / BouncyCastle", ratio(mine["ffm"], bc), "ratio")],
        rows=lambda run: [{"operation": name} for name, _ in ED25519_OPS],
        note="Messages of 100 bytes. java, jni and ffm are `Ed25519PrivateKey.sign`, `Ed25519PublicKey.verify` and "
             "`Ed25519BatchVerifier.create(1).verify()` of 64 signatures by 64 signers on each objsync backend. JDK "
             "is `Signature.getInstance(\"Ed25519\")` (one `Signature` reused; `initVerify` with the signer's key "
             "before each verify); BouncyCastle is `org.bouncycastle.math.ec.rfc8032.Ed25519` (verifying from the "
             "32-byte key, decoded on each verify as libsodium does). Neither peer has a batch verifier: its batch is "
             "a loop of single verifies. Batch rates count each signature of a batch. Setup checks that both peers "
             "produce objsync's signatures and accept them, and reject a forged one.")
    return Suite("ed25519", "Ed25519", [3],
                 "Signing, verifying and batch verifying on each backend, against the JDK's EdDSA and BouncyCastle.",
                 "signatures/s", [table], [Floor(3, "JNI and FFM Ed25519 verify each >= 2x the JDK's", ed25519_floor)])


SUITES = [blake3_suite(), bao_suite(), xchacha_suite(), ed25519_suite()]


# ---------------------------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------------------------

def status(passed: Optional[bool]) -> str:
    return {True: "PASS", False: "**FAIL**", None: "not measured"}[passed]


def render(run: Run) -> str:
    meta = run.meta
    quick = meta.get("quick") == "1"
    out = [f"## {SECTION_TITLE}", ""]
    if quick:
        out += ["> **Quick run (`QUICK=1`)**: every suite with very short warmup and measurement, to prove the "
                "pipeline end to end on a shared machine. The numbers are indicative only; the floors are decided by "
                "a full run (`benchmarks/run.sh`) on an idle machine.", ""]
    out += ["This section is written by `benchmarks/report.py` from `benchmarks/run.sh`'s results; edits to it are "
            "lost on the next run.", "",
            "| | |", "|---|---|",
            f"| date | {meta.get('date', '?')} |",
            f"| commit | {meta.get('commit', '?')} |",
            f"| reproduce | `{meta.get('reproduce', 'benchmarks/run.sh')}` |",
            f"| machine | {meta.get('cpu', '?')}, {meta.get('cpus', '?')} CPUs, {meta.get('memory', '?')} RAM, "
            f"Linux {meta.get('kernel', '?')} |",
            f"| JDK | {meta.get('java') or run.jvm.get('vmName', '?')} ({run.jvm.get('jdkVersion', '?')}); "
            f"default backend there: {run.default_backend} |",
            f"| JMH | {run.jvm.get('jmhVersion', '?')}: {meta.get('jmh_settings', '?')}; throughput mode |",
            f"| C baseline | {meta.get('c_seconds', '?')} s per size, best of {meta.get('c_runs', '1')} run(s) |",
            f"| load average | {meta.get('load_start', '?')} at the start, {meta.get('load_end', '?')} at the end |",
            f"| other processes | {meta.get('other_cpus', '?')} CPUs on average during the run |",
            f"| duration | {duration(meta)} |", ""]
    busy = busy_note(meta)
    if busy:
        out += [busy, ""]
    out += ["MB/s is 10^6 bytes per second. Floors show JMH's 99.9% confidence half-width as ±%. Each JMH benchmark runs in its own JVM, so a backend forced there "
            "(`-Dobjsync.backend`, set by the benchmark before objsync is first used) is the only one that ran. "
            "Ratios compare numbers of the same run.", ""]

    out += ["### Floors", "", "| issue | floor | case | measured | status |", "|---|---|---|---|---|"]
    counts = {True: 0, False: 0, None: 0}
    sections = []
    for suite in SUITES:
        for floor in suite.floors:
            for i, check in enumerate(floor.evaluate(run)):
                counts[check.passed] += 1
                first = i == 0
                out.append(f"| {floor.issue if first else ''} | {floor.text if first else ''} | {check.subject} | "
                           f"{check.measured} | {status(check.passed)} |")
        lines = [f"### {suite.title} (issue {', '.join(map(str, suite.issues))})", "", suite.about, ""]
        body = [line for t in suite.tables for line in t.render(run, suite.unit)]
        if suite.extra:
            body += suite.extra(run)
        sections += lines + (body or ["Not run in this run.", ""])
    out += ["", f"{counts[True]} pass, {counts[False]} fail, {counts[None]} not measured.", ""]
    if quick and counts[False]:
        out += ["(A failure in a quick run is a hint, not a verdict: see the note at the top.)", ""]
    out += sections
    out += ["### How to run", "",
            "```", meta.get("reproduce", "benchmarks/run.sh"), "```", "",
            "`benchmarks/run.sh` builds what is missing, runs the C baseline, the JMH suites and the checks, keeps "
            "every raw result under `benchmarks/results/<run id>/` and rewrites this file. Its header lists the "
            "settings (`QUICK=1`, `SUITES`, `BACKENDS`, `BIG_FILE`, iteration counts and times, `JMH_ARGS`).", ""]
    return "\n".join(out) + "\n"


def busy_note(meta: Dict[str, str]) -> str:
    """A warning when other processes took more than a quarter of a CPU on average during the run."""
    try:
        cpus, others = int(meta["cpus"]), float(meta["other_cpus"])
    except (KeyError, ValueError):
        return ""
    if others <= 0.25:
        return ""
    return (f"> **The machine was busy**: other processes used {others:.2f} of its {cpus} CPUs on average during "
            "the run, so rates, and ratios between cases measured at different times, are unreliable.")


def duration(meta: Dict[str, str]) -> str:
    total = meta.get("seconds_total")
    if total is None:
        return "?"
    parts = [f"{k[len('seconds_'):]} {int(v) // 60}m{int(v) % 60:02d}s" for k, v in meta.items()
             if k.startswith("seconds_") and k != "seconds_total"]
    return f"{int(total) // 60}m{int(total) % 60:02d}s ({', '.join(parts)})"


SECTION_TITLE = "Native core: JMH suites and the C baseline (`benchmarks/run.sh`)"
BEGIN = "<!-- BEGIN benchmarks/report.py: generated from a benchmarks/run.sh run; edits inside are lost -->"
END = "<!-- END benchmarks/report.py -->"


def splice(existing: Optional[str], generated: str) -> str:
    """The document with the generated section in place: between the markers when present, else right after the
    document's title, so sections other harnesses or people wrote stay as they are."""
    block = f"{BEGIN}\n{generated}{END}\n"
    if existing is None:
        return f"# Benchmarks\n\n{block}"
    if BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
    else:
        lines = existing.split("\n")
        at = 1 if lines and lines[0].startswith("# ") else 0
        head = "\n".join(lines[:at]).rstrip("\n") + ("\n\n" if at else "")
        tail = "\n".join(lines[at:]).lstrip("\n")
    return head + block + ("\n" + tail if tail else "")


def main(argv: List[str]) -> int:
    if len(argv) < 2 or len(argv) > 3:
        print(__doc__, file=sys.stderr)
        return 2
    run = load(argv[1])
    if not run.measures and not run.checks:
        print(f"report.py: no results in {argv[1]}", file=sys.stderr)
        return 1
    target = argv[2] if len(argv) > 2 else "docs/benchmarks.md"
    existing = None
    if os.path.exists(target):
        with open(target) as f:
            existing = f.read()
    with open(target, "w") as f:
        f.write(splice(existing, render(run)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
