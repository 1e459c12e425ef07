#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The studio_tour_screenshots test: runs `llmcl-studio --tour` under a virtual X server and
checks the pictures it saves (the ones docs/ and the README show).

Each picture must exist, be a PNG of exactly 1400x900 pixels and hold more than a handful of
colours (a blank or single-colour window means nothing was painted). Standard library only: the
PNG is read chunk by chunk, its image data inflated with zlib and unfiltered row by row.

Nothing is written outside --output and --home (both in the build tree); the studio's settings,
recovery files and caches go to --home, so the user's own are never read or touched.
"""

import argparse
import os
import shutil
import signal
import struct
import subprocess
import sys
import zlib

PICTURES = ("studio-mode-edit.png", "studio-mode-debug.png", "studio-trace.png",
            "studio-mode-runs.png", "studio-run-overview.png", "studio-run-latency.png",
            "studio-run-violations.png", "studio-run-fixes.png", "studio-run-conflicts.png",
            "studio-run-comparison.png")
# Every picture is of the whole window at the tour's size (issue 18: exactly 1400x900).
SIZE = (1400, 900)
MIN_COLOURS = 16
TIMEOUT_SECONDS = 120
SCREEN = "-screen 0 1600x1000x24"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bytes per pixel of 8-bit images by colour type: grey, RGB, palette, grey+alpha, RGBA.
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class PngError(Exception):
    pass


def read_png(path):
    """Returns (width, height, bytes per pixel, rows): the unfiltered rows of an 8-bit,
    non-interlaced PNG (what QImage writes)."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(PNG_SIGNATURE):
        raise PngError("not a PNG file")
    pos = len(PNG_SIGNATURE)
    header = None
    idat = []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise PngError("truncated %s chunk" % kind.decode("latin-1"))
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        raise PngError("no IHDR or no IDAT chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace != 0:
        raise PngError("unexpected format (bit depth %d, colour type %d, interlace %d)"
                       % (depth, colour, interlace))
    bpp = CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise PngError("image data of %d bytes for %dx%d" % (len(raw), width, height))
    rows = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1:start + 1 + stride])
        unfilter(kind, row, previous, bpp)
        rows.append(bytes(row))
        previous = row
    return width, height, bpp, rows


def unfilter(kind, row, previous, bpp):
    """Undoes PNG filter `kind` on `row` in place (PNG specification, section 9)."""
    n = len(row)
    if kind == 0:
        return
    if kind == 1:  # Sub
        for i in range(bpp, n):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:  # Up
        for i in range(n):
            row[i] = (row[i] + previous[i]) & 0xFF
    elif kind == 3:  # Average
        for i in range(n):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(n):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            row[i] = (row[i] + predictor) & 0xFF
    else:
        raise PngError("unknown filter type %d" % kind)


def colours(width, bpp, rows, enough):
    """The distinct pixel values, counting stops at `enough`."""
    seen = set()
    for row in rows:
        for x in range(0, width * bpp, bpp):
            seen.add(row[x:x + bpp])
        if len(seen) >= enough:
            break
    return len(seen)


def check_picture(path):
    """Returns a problem with the picture at `path`, or None."""
    if not os.path.isfile(path):
        return "missing"
    try:
        width, height, bpp, rows = read_png(path)
    except (OSError, PngError, zlib.error) as error:
        return "unreadable: %s" % error
    if (width, height) != SIZE:
        return "%dx%d instead of %dx%d" % (width, height, SIZE[0], SIZE[1])
    count = colours(width, bpp, rows, MIN_COLOURS)
    if count < MIN_COLOURS:
        return "%dx%d with only %d colour(s): nothing was painted" % (width, height, count)
    print("%s: %dx%d, %d+ colours" % (os.path.basename(path), width, height, count))
    return None


def run_tour(args):
    """Runs the tour; returns a problem or None."""
    for folder in (args.output, args.home):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "xcb"
    # English pictures, whatever the language of the machine.
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                      ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                      ("XDG_STATE_HOME", ".local/state"), ("XDG_RUNTIME_DIR", "runtime")):
        env[name] = os.path.join(args.home, sub) if sub else args.home
        os.makedirs(env[name], mode=0o700, exist_ok=True)
    command = [args.xvfb_run, "-a", "-e", os.path.join(args.home, "xvfb.log"), "-s", SCREEN,
               args.studio, "--tour", args.output, args.workspace]
    print("running:", " ".join(command), flush=True)
    # A session of its own, so that a timeout ends Xvfb and the studio along with xvfb-run.
    process = subprocess.Popen(command, env=env, cwd=args.home, start_new_session=True)
    try:
        code = process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "llmcl-studio --tour did not finish within %d s" % TIMEOUT_SECONDS
    if code != 0:
        return "llmcl-studio --tour exited with code %d" % code
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xvfb-run", required=True, help="the xvfb-run script")
    parser.add_argument("--studio", required=True, help="the llmcl-studio binary")
    parser.add_argument("--workspace", required=True, help="resources/examples")
    parser.add_argument("--output", required=True, help="where the pictures go (emptied)")
    parser.add_argument("--home", required=True,
                        help="HOME and XDG folders of the run (emptied)")
    args = parser.parse_args()
    args.output = os.path.abspath(args.output)
    args.home = os.path.abspath(args.home)

    problem = run_tour(args)
    if problem:
        print("FAIL:", problem, file=sys.stderr)
        return 1
    failures = 0
    for name in PICTURES:
        problem = check_picture(os.path.join(args.output, name))
        if problem:
            print("FAIL: %s: %s" % (name, problem), file=sys.stderr)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
