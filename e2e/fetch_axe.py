"""Fetch the pinned axe-core from the npm registry for the browser tests (no node needed).

Downloads the published tarball of axe-core AXE_VERSION, checks it against the registry's
pinned `dist.integrity` (sha512), and extracts `axe.min.js` to var/e2e/axe.min.js, which
tests/e2e injects into every page it visits. Does nothing when that file is already there
and matches the version. Standard library only: `make e2e` runs it before the suite.
"""

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

AXE_VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
# `dist.integrity` of https://registry.npmjs.org/axe-core/4.14.1
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
MEMBER = "package/axe.min.js"

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "var" / "e2e" / "axe.min.js"


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(target: Path = TARGET) -> Path:
    stamp = target.with_suffix(".version")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == AXE_VERSION:
        return target
    print(f"Fetching axe-core {AXE_VERSION} from the npm registry")
    with urllib.request.urlopen(TARBALL, timeout=60) as response:  # noqa: S310 - fixed https URL
        data = response.read()
    if integrity_of(data) != INTEGRITY:
        raise SystemExit(f"axe-core {AXE_VERSION}: the tarball does not match its pinned integrity")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"axe-core {AXE_VERSION}: {MEMBER} is missing from the tarball")
        script = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(script)
    stamp.write_text(AXE_VERSION + "\n")
    print(f"axe-core {AXE_VERSION} saved to {target.relative_to(ROOT)}")
    return target


if __name__ == "__main__":
    fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
