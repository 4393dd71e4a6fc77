#!/usr/bin/env python3
"""Waits until the X screen shows the app's UI and prints how long that took.

Usage: first_paint.py START_NS TIMEOUT_S
  START_NS   when the app was started, in nanoseconds since the epoch (`date +%s%N`)
  TIMEOUT_S  give up (exit 1) after this many seconds

"Shows the UI" means the screen holds at least MIN_COLOURS distinct colours. Until the window
maps, an Xvfb screen is one colour (black); the window's first frames are its background colour
only; text and the sidebar bring dozens of anti-aliased shades. The screen is read with XGetImage
through libX11 every POLL_S seconds (a few milliseconds each), so the figure is accurate to about
that interval and the polling barely competes with the app for the CPU, unlike a screenshot tool
started once per sample.
"""

import ctypes
import ctypes.util
import sys
import time

MIN_COLOURS = 16
POLL_S = 0.02
ZPIXMAP = 2
ALL_PLANES = ctypes.c_ulong(0xFFFFFFFF)
# Every ROW_STEP-th row is enough to see text anywhere on screen and keeps each sample cheap.
ROW_STEP = 4


class XImage(ctypes.Structure):
    """The leading fields of Xlib's XImage, as far as this script reads them."""

    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.POINTER(ctypes.c_char)),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


def main() -> int:
    start_ns, timeout_s = int(sys.argv[1]), float(sys.argv[2])
    xlib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XGetImage.restype = ctypes.POINTER(XImage)
    xlib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                               ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]

    display = xlib.XOpenDisplay(None)
    if not display:
        print("first_paint: cannot open the X display", file=sys.stderr)
        return 2
    root = xlib.XDefaultRootWindow(display)
    width, height = xlib.XDisplayWidth(display, 0), xlib.XDisplayHeight(display, 0)
    deadline = time.monotonic() + timeout_s
    colours = 0
    while time.monotonic() < deadline:
        sampled_ns = time.time_ns()
        image = xlib.XGetImage(display, root, 0, 0, width, height, ALL_PLANES, ZPIXMAP)
        if image:
            img = image.contents
            if img.bits_per_pixel != 32:
                print(f"first_paint: needs a 24- or 32-bit screen, not {img.bits_per_pixel} bits per pixel",
                      file=sys.stderr)
                return 2
            raw = ctypes.string_at(img.data, img.bytes_per_line * img.height)
            pixels = set()
            for y in range(0, img.height, ROW_STEP):
                row = raw[y * img.bytes_per_line:(y + 1) * img.bytes_per_line]
                pixels.update(memoryview(row).cast("I"))
            colours = len(pixels)
            xlib.XFree(img.data)
            xlib.XFree(image)
            if colours >= MIN_COLOURS:
                print(f"{(sampled_ns - start_ns) / 1e6:.0f}")
                return 0
        time.sleep(POLL_S)
    print(f"first_paint: no UI after {timeout_s:.0f} s ({colours} colours)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
