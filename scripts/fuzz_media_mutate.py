"""Variant generation for scripts/fuzz-media: seeded mutations of real media files and hand-crafted hostile cases.

Everything here is deterministic given the random.Random passed in. Nothing talks to the gateway.
"""
import random
import struct
import subprocess

HEADER = 4096  # the "header region" most demuxers parse first
SEED_WEIGHTS = {"wav": 3, "m4a": 3, "adts": 1, "mp4": 2, "ts": 1}  # the 60 s mp4 is the most expensive seed
SEED_KINDS = {"wav": "audio", "m4a": "audio", "adts": "audio", "mp4": "video", "ts": "video"}
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"dinf", b"mvex"}


# ---------------------------------------------------------------- ISO BMFF (MP4/M4A) boxes

def boxes(data, start, end):
    """Yields (type, offset, header_length, size) for the boxes laid out between start and end (stops at garbage)."""
    off = start
    while off + 8 <= end:
        size, kind = struct.unpack(">I4s", data[off:off + 8])
        head = 8
        if size == 1 and off + 16 <= end:
            size, head = struct.unpack(">Q", data[off + 8:off + 16])[0], 16
        elif size == 0:
            size = end - off
        if size < head or off + size > end:
            return
        yield kind, off, head, size
        off += size


def find_boxes(data, wanted, start=0, end=None):
    """Offsets (type, offset, header_length, size) of every box of a type in `wanted`, searched through containers."""
    end = len(data) if end is None else end
    found = []
    for kind, off, head, size in boxes(data, start, end):
        if kind in wanted:
            found.append((kind, off, head, size))
        if kind in CONTAINERS:
            found += find_boxes(data, wanted, off + head, off + size)
    return found


def structure_region(data):
    """(start, end) of the bytes that describe the file: the moov box of an MP4, else the first 4 KiB."""
    moov = [b for b in boxes(data, 0, len(data)) if b[0] == b"moov"]
    if moov:
        return moov[0][1], moov[0][1] + moov[0][3]
    return 0, min(len(data), HEADER)


def patch_times(data, timescale=None, seconds=None, units=None, boxes_wanted=(b"mvhd", b"mdhd")):
    """Rewrites timescale/duration of mvhd and mdhd in place (32-bit fields in version 0, 64-bit in version 1).

    `seconds` sets duration = seconds * timescale; `units` sets the raw duration. Values are truncated to the
    field's width, so a version-0 box given more than 2^32-1 units gets the low 32 bits (callers upgrade first).
    """
    out = bytearray(data)
    for kind, off, head, _ in find_boxes(data, set(boxes_wanted)):
        body = off + head
        wide = out[body] == 1
        ts_at = body + (20 if wide else 12)
        if timescale is not None:
            out[ts_at:ts_at + 4] = struct.pack(">I", timescale & 0xFFFFFFFF)
        scale = struct.unpack(">I", out[ts_at:ts_at + 4])[0]
        value = units if units is not None else (None if seconds is None else seconds * scale)
        if value is not None:
            if wide:
                out[ts_at + 4:ts_at + 12] = struct.pack(">Q", value & 0xFFFFFFFFFFFFFFFF)
            else:
                out[ts_at + 4:ts_at + 8] = struct.pack(">I", value & 0xFFFFFFFF)
    return bytes(out)


def upgrade_to_version1(data):
    """Rebuilds the file with mvhd and mdhd as version-1 boxes (64-bit times), fixing sizes and chunk offsets."""
    moov = [b for b in boxes(data, 0, len(data)) if b[0] == b"moov"]
    if not moov:
        return data
    _, moov_off, _, moov_size = moov[0]
    grow = 12 * sum(1 for b in find_boxes(data, {b"mvhd", b"mdhd"}) if data[b[1] + b[2]] == 0)
    shift = grow if any(k == b"mdat" and o > moov_off for k, o, _, _ in boxes(data, 0, len(data))) else 0

    def rebuild(start, end):
        out = b""
        for kind, off, head, size in boxes(data, start, end):
            body = data[off + head:off + size]
            if kind in CONTAINERS:
                body = rebuild(off + head, off + size)
            elif kind in (b"mvhd", b"mdhd") and body[0] == 0:
                created, modified, scale, duration = struct.unpack(">IIII", body[4:20])
                body = b"\x01" + body[1:4] + struct.pack(">QQIQ", created, modified, scale, duration) + body[20:]
            elif kind in (b"stco", b"co64") and shift:
                count = struct.unpack(">I", body[4:8])[0]
                width, fmt = (4, ">I") if kind == b"stco" else (8, ">Q")
                items = [struct.unpack(fmt, body[8 + i * width:8 + (i + 1) * width])[0] + shift for i in range(count)]
                body = body[:8] + b"".join(struct.pack(fmt, v) for v in items) + body[8 + count * width:]
            out += struct.pack(">I4s", 8 + len(body), kind) + body
        return out

    new_moov = rebuild(moov_off + 8, moov_off + moov_size)
    return data[:moov_off] + struct.pack(">I4s", 8 + len(new_moov), b"moov") + new_moov + data[moov_off + moov_size:]


# ---------------------------------------------------------------- mutations

def _span(rng, data, region, longest):
    """A random (start, length) inside region, length 1..longest (log-uniform so short runs dominate)."""
    lo, hi = region
    hi = max(hi, lo + 1)
    length = min(hi - lo, int(2 ** rng.uniform(0, max(0.0, (longest).bit_length() - 1))))
    start = rng.randrange(lo, max(lo + 1, hi - length + 1))
    return start, max(1, length)


def bit_flips(rng, data, region):
    """Flips 1..64 random bits inside region."""
    out = bytearray(data)
    n = int(2 ** rng.uniform(0, 6))
    for _ in range(n):
        i = rng.randrange(*region)
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {n} bits"


def overwrite_run(rng, data, region):
    """Overwrites a run of up to 4 KiB with random bytes, 0x00 or 0xff."""
    start, length = _span(rng, data, region, 4096)
    fill = rng.choice(["random", "00", "ff"])
    chunk = rng.randbytes(length) if fill == "random" else bytes([0 if fill == "00" else 0xFF]) * length
    return data[:start] + chunk + data[start + length:], f"overwrite {length}B@{start} with {fill}"


def delete_chunk(rng, data, region):
    """Deletes up to 64 KiB."""
    start, length = _span(rng, data, region, 65536)
    return data[:start] + data[start + length:], f"delete {length}B@{start}"


def duplicate_chunk(rng, data, region):
    """Copies a chunk of up to 64 KiB right after itself."""
    start, length = _span(rng, data, region, 65536)
    return data[:start + length] + data[start:start + length] + data[start + length:], f"duplicate {length}B@{start}"


def swap_chunks(rng, data, region):
    """Swaps two equally long chunks (up to 16 KiB) of the file."""
    a, length = _span(rng, data, region, 16384)
    b = rng.randrange(0, max(1, len(data) - length))
    first, second = sorted((a, b))
    if second < first + length:
        return data, "swap (overlapping: no-op)"
    x, y = data[first:first + length], data[second:second + length]
    return data[:first] + y + data[first + length:second] + x + data[second + length:], \
        f"swap {length}B@{first}<->@{second}"


def insert_garbage(rng, data, region):
    """Inserts up to 4 KiB of random bytes."""
    at = rng.randrange(region[0], region[1] + 1)
    garbage = rng.randbytes(int(2 ** rng.uniform(0, 12)))
    return data[:at] + garbage + data[at:], f"insert {len(garbage)}B@{at}"


def integer_poke(rng, data, region):
    """Writes a boundary value (0, 1, 0x7f.., 0x80.., 0xff..) as a 16/32/64-bit big- or little-endian integer."""
    width = rng.choice([2, 4, 8])
    value = rng.choice([0, 1, (1 << (8 * width - 1)) - 1, 1 << (8 * width - 1), (1 << (8 * width)) - 1])
    at = rng.randrange(region[0], max(region[0] + 1, region[1] - width))
    raw = value.to_bytes(width, rng.choice(["big", "little"]))
    return data[:at] + raw + data[at + width:], f"int{8 * width}={value:#x}@{at}"


MUTATORS = [bit_flips, overwrite_run, delete_chunk, duplicate_chunk, swap_chunks, insert_garbage, integer_poke]


def mutate(rng, data):
    """Applies 1..3 mutations; each aims at the whole file, the first 4 KiB or the structure (moov) region."""
    notes = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if len(data) < 2:
            break
        where = rng.choice(["file", "header", "structure", "structure"])
        region = {"file": (0, len(data)), "header": (0, min(len(data), HEADER)),
                  "structure": structure_region(data)}[where]
        region = (min(region[0], len(data) - 1), min(max(region[1], region[0] + 1), len(data)))
        mutator = rng.choice(MUTATORS)
        data, note = mutator(rng, data, region)
        notes.append(f"{where}:{note}")
    return data, "; ".join(notes)


def truncation_points(rng, data, extra):
    """Cut points: the first bytes, the structure's end, half, all but one, and `extra` random ones."""
    n = len(data)
    points = {1, 2, 4, 8, 12, 16, 32, 64, 188, 512, HEADER, n // 2, n - 1}
    start, end = structure_region(data)
    points |= {end - 1, end, end + 1} if end < n else set()
    points |= {rng.randrange(1, n) for _ in range(extra)}
    return sorted(p for p in points if 0 < p < n)


# ---------------------------------------------------------------- seeds and fixed cases

def ffmpeg(*args):
    """Runs the ffmpeg program quietly (test fixtures only; the gateway never spawns it)."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def derived_seeds(audio, video, work):
    """Makes M4A, ADTS and MPEG-TS versions of the demo media: containers to patch and to cut mid-packet."""
    out = {"m4a": f"{work}/audio.m4a", "adts": f"{work}/audio.aac", "ts": f"{work}/video.ts"}
    ffmpeg("-i", audio, "-c:a", "aac", "-b:a", "96k", out["m4a"])
    ffmpeg("-i", audio, "-c:a", "aac", "-b:a", "96k", "-f", "adts", out["adts"])
    ffmpeg("-i", video, "-c", "copy", "-t", "20", "-f", "mpegts", out["ts"])
    return out


def duration_cases(name, data):
    """Hostile durations for an MP4/M4A: huge, maximal 32/64-bit, timescale 2^32-1 and 0."""
    v1 = upgrade_to_version1(data)
    return [
        (f"{name}-dur-4e6s-v1", patch_times(v1, seconds=4_000_000)),
        (f"{name}-dur-4e6s-v0-ts1", patch_times(data, timescale=1, seconds=4_000_000)),
        (f"{name}-dur32-max", patch_times(data, units=0xFFFFFFFF)),
        (f"{name}-dur32-max-ts1", patch_times(data, timescale=1, units=0xFFFFFFFF)),
        (f"{name}-timescale-max", patch_times(data, timescale=0xFFFFFFFF)),
        (f"{name}-timescale-zero", patch_times(data, timescale=0)),
        (f"{name}-dur64-2e40-ts1", patch_times(v1, timescale=1, units=1 << 40)),
        (f"{name}-dur64-2e62", patch_times(v1, units=1 << 62)),
        (f"{name}-dur64-max", patch_times(v1, units=(1 << 64) - 1)),
    ]


def fixed_cases(rng, seeds):
    """The hand-made cases: durations, empty, ftyp + random bytes, WAV with huge sizes, streams cut mid-packet.

    `seeds` maps seed names to (kind, bytes). Returns (name, kind, bytes) tuples.
    """
    cases = [("empty", "audio", b"")]
    for name in ("m4a", "mp4"):
        kind, data = seeds[name]
        cases += [(case, kind, body) for case, body in duration_cases(name, data)]
    for brand, kind in ((b"M4A ", "audio"), (b"isom", "video")):
        ftyp = struct.pack(">I4s4sI", 24, b"ftyp", brand, 0) + brand + b"mp41"
        cases.append((f"ftyp-{brand.decode().strip()}-random", kind, ftyp + rng.randbytes(65536)))
        moov = struct.pack(">I4s", 0xFFFFFFF0, b"moov") + rng.randbytes(4096)
        cases.append((f"ftyp-{brand.decode().strip()}-moov-overlong", kind, ftyp + moov))
    wav = bytearray(seeds["wav"][1])
    wav[4:8] = b"\xff\xff\xff\xff"
    data_at = bytes(wav).find(b"data")
    if data_at > 0:
        wav[data_at + 4:data_at + 8] = b"\xff\xff\xff\xff"
        cases.append(("wav-sizes-max", "audio", bytes(wav)))
        wav[28:32] = struct.pack("<I", 1)  # byte rate 1: the header claims ~136 years
        cases.append(("wav-sizes-max-byterate1", "audio", bytes(wav)))
    for name in ("ts", "adts"):
        kind, data = seeds[name]
        cut = (len(data) // 2 // 188) * 188 + 100 if name == "ts" else len(data) // 2 + 3
        cases.append((f"{name}-cut-mid-packet", kind, data[:cut]))
        cases.append((f"{name}-whole", kind, data))
    return cases


def plan(rng, seeds, count):
    """All variants of a run as (file name, kind, bytes, note, ask HLS too): `count` mutations of seeds picked by
    SEED_WEIGHTS (every 4th with HLS), truncations of every seed (2 random cut points each below 200 variants),
    then the fixed cases. `seeds` maps seed names to (kind, bytes)."""
    names = list(SEED_WEIGHTS)
    for i in range(count):
        seed = rng.choices(names, weights=[SEED_WEIGHTS[n] for n in names])[0]
        data, note = mutate(rng, seeds[seed][1])
        yield f"mut-{seed}.{seed}", seeds[seed][0], data, f"{seed}: {note}", i % 4 == 0
    for seed, (kind, data) in seeds.items():
        points = truncation_points(rng, data, count // 200)
        for cut in points if count >= 200 else rng.sample(points, 2):
            yield f"cut-{seed}.{seed}", kind, data[:cut], f"{seed}: truncated to {cut} of {len(data)} bytes", True
    for name, kind, data in fixed_cases(rng, seeds):
        yield f"fixed-{name}", kind, data, f"fixed case {name}", True
