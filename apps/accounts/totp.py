"""Showing a TOTP secret to its owner (QR code, text) and computing a device's code.

The secret appears only on the owner's own setup page (sent with no-store), never in
logs, e-mails or admin pages.
"""

import time
from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> SafeString:
    """An inline SVG QR code of the device's otpauth:// address: no style attributes, so a
    Content-Security-Policy without 'unsafe-inline' shows it."""
    code = segno.make(device.config_url, error="m")
    # segno writes only path data and escaped text; the title is escaped by segno too.
    svg = code.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="totp-qr")
    return mark_safe(svg)  # noqa: S308


def current_code(device: TOTPDevice) -> str:
    """The code the device accepts now: the current one, or the next one if the current
    one was already used (a device accepts each time step once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = totp.t()
    if step <= device.last_t:
        if device.last_t + 1 > step + device.tolerance:
            raise ValueError("this device's codes for the coming time steps were used already")
        totp.time += (device.last_t + 1 - step) * device.step
    return str(totp.token()).zfill(device.digits)
