"""Pack this project's runtime for a machine that cannot install packages.

A lent benchmark machine may have Python but no network: `bench/scale.py` then needs
every runtime dependency carried to it, often through a transfer with a size limit.
This resolves what `newsdyads` needs at run time (its requirements, recursively, with
the extras they ask for, at the versions installed here), downloads the wheels for the
target's Python and platform, installs them into one folder, and packs that folder
as xz tarballs of at most ``--part-mb`` each, so each part fits one transfer:

    .venv/bin/python bench/offline_bundle.py bundle --python-version 3.12 \\
        --exclude numpy,pyarrow,numba,llvmlite,lxml     # what the target already has
    # there, after carrying bundle/part-*/:
    mkdir -p /tmp/site && for f in part-*/*.tar.xz; do tar -xJf "$f" -C /tmp/site; done
    PYTHONPATH=/tmp/site:. python -m newsdyads run ...

Needs pip and network here (the package registry only).
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import tarfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.requirements import Requirement

PLATFORMS = (
    "manylinux_2_17_x86_64",
    "manylinux2014_x86_64",
    "manylinux_2_24_x86_64",
    "manylinux_2_27_x86_64",
    "manylinux_2_28_x86_64",
    "manylinux_2_31_x86_64",
    "manylinux_2_34_x86_64",
    "manylinux_2_35_x86_64",
)
"""Wheel tags pip may pick for an x86-64 Linux target (pip matches each exactly)."""


def _name(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def runtime_closure(root: str, python_version: str) -> dict[str, str]:
    """Every distribution ``root`` needs at run time on ``python_version`` (Linux),
    with the version installed here: name -> version."""
    environment = {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    found: dict[str, str] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        distribution, extras = pending.pop()
        if (_name(distribution), extras) in seen:
            continue
        seen.add((_name(distribution), extras))
        try:
            found[_name(distribution)] = metadata.version(distribution)
            requires = metadata.requires(distribution) or []
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform, never installed here
        for line in requires:
            requirement = Requirement(line)
            wanted = requirement.marker is None or any(
                requirement.marker.evaluate({**environment, "extra": extra})
                for extra in (extras or {""})
            )
            if wanted:
                pending.append((requirement.name, frozenset(requirement.extras)))
    found.pop(_name(root), None)
    return found


def _pip(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *arguments], check=True)  # noqa: S603


def download_and_install(pins: list[str], out: Path, python_version: str) -> Path:
    """Wheels of ``pins`` for the target, installed (not compiled) into out/site."""
    wheels, site = out / "wheels", out / "site"
    platform_args = [arg for tag in PLATFORMS for arg in ("--platform", tag)]
    target_args = ["--python-version", python_version, "--implementation", "cp"]
    _pip(
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        *target_args,
        *platform_args,
        "--dest",
        str(wheels),
        *pins,
    )
    shutil.rmtree(site, ignore_errors=True)
    _pip(
        "install",
        "--quiet",
        "--no-deps",
        "--no-compile",
        "--only-binary=:all:",
        *target_args,
        *platform_args,
        "--target",
        str(site),
        *map(str, wheels.glob("*.whl")),
    )
    return site


def _pack_entry(entry: Path, packed: Path) -> Path:
    archive = packed / f"{entry.name}.tar.xz"
    with tarfile.open(archive, "w:xz", preset=9) as tar:
        tar.add(entry, arcname=entry.name)
    return archive


def pack(site: Path, out: Path, part_bytes: int) -> list[Path]:
    """Each top-level entry of ``site`` as its own tar.xz, sorted into part folders of
    at most ``part_bytes`` (first fit, largest first); returns the part folders."""
    packed = out / "packed"
    shutil.rmtree(packed, ignore_errors=True)
    packed.mkdir(parents=True)
    with ThreadPoolExecutor() as pool:  # lzma releases the GIL while compressing
        archives = list(pool.map(lambda entry: _pack_entry(entry, packed), site.iterdir()))
    parts: list[tuple[Path, int]] = []
    for archive in sorted(archives, key=lambda path: -path.stat().st_size):
        size = archive.stat().st_size
        if size > part_bytes:
            sys.exit(f"{archive.name} alone is {size / 2**20:.0f} MB: raise --part-mb")
        index = next((i for i, (_, used) in enumerate(parts) if used + size <= part_bytes), None)
        if index is None:
            folder = out / f"part-{len(parts) + 1}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            parts.append((folder, 0))
            index = len(parts) - 1
        folder, used = parts[index]
        archive.rename(folder / archive.name)
        parts[index] = (folder, used + size)
    shutil.rmtree(packed)
    return [folder for folder, _ in parts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--python-version", default="3.12")
    parser.add_argument("--exclude", default="", help="comma-separated: the target has these")
    parser.add_argument("--part-mb", type=float, default=45.0)
    args = parser.parse_args()

    excluded = {_name(name) for name in args.exclude.split(",") if name}
    closure = runtime_closure("newsdyads", args.python_version)
    pins = [
        f"{name}=={version}" for name, version in sorted(closure.items()) if name not in excluded
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    site = download_and_install(pins, args.out, args.python_version)
    for folder in pack(site, args.out, int(args.part_mb * 2**20)):
        size = sum(path.stat().st_size for path in folder.iterdir())
        print(f"{folder}: {size / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
