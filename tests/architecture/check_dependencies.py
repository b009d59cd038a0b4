#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the rooms' dependency rules (ARCHITECTURE.md, "Allowed dependencies").

Two sources of truth are read, as text, from the source tree:
  - every quoted #include (and every <ktpel/...> one, our public headers)
    of every C/C++ file outside tests/ and bench/, resolved to the file it
    names;
  - every CMakeLists.txt: which folder defines which target, and what each
    target links (target_link_libraries).
Each include and each link between two of our folders must be allowed by
RULES; a folder may define one library target (EXCEPTIONS lists the known
departures, each with its reason, and a stale exception is an error too).

Usage: check_dependencies.py <source dir>        check the tree
       check_dependencies.py --self-test <dir>   prove that a forbidden
           include and a forbidden link are each caught
Exit status 0 when the tree keeps the rules, 1 otherwise.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field

# The rooms, most specific prefix first. A path belongs to the first room
# whose prefix it starts with.
ROOMS = [
    ("daemon/app/", "app"),
    # The daemon's edge (arguments in, reply out): the only daemon rooms
    # that see the protocol. Below it the domain throws DomainError, and
    # daemon/api maps it to the protocol's codes in one table.
    ("daemon/api/", "daemon/edge"),
    ("daemon/ops/", "daemon/edge"),
    ("daemon/devices/", "daemon/devices"),
    ("daemon/config/", "daemon/config"),
    ("daemon/", "daemon"),
    ("drivers/classes/", "drivers/classes"),
    ("drivers/registry/", "drivers/registry"),
    ("drivers/transport/libusb/", "drivers/transport/libusb"),
    ("drivers/transport/pcsc/", "drivers/transport/pcsc"),
    ("drivers/transport/", "drivers/transport"),
    ("drivers/", "drivers/family"),  # kip, evolis, ptp, signpad, encoder, ...
    ("biometrics/", "biometrics"),
    ("chip/", "chip"),
    ("protocol/", "protocol"),
    ("common/", "common"),
    ("sim/", "sim"),
    ("clients/", "clients"),
]

# The one file of the composition root that names the simulation, so that
# a build without it needs no #ifdef anywhere else.
SIMULATION_FACTORY = "daemon/app/simulation_factory.cpp"

# A device family's USB ids are facts about the device, not its codec.
USB_IDS = re.compile(r"^drivers/[a-z0-9_]+/[a-z0-9_]+_usb_ids\.hpp$")

DRIVER_BASE = {"drivers/classes", "drivers/registry", "drivers/transport"}
DAEMON_SIDE = {"daemon", "daemon/devices", "daemon/config"}
# The daemon's domain (everything under daemon/ but app/, api/ and ops/):
# C++ types and DomainError, never a protocol header or ktpel_protocol.
DAEMON_DOMAIN_USES = DAEMON_SIDE | DRIVER_BASE | {"biometrics", "chip", "common"}

# room -> the rooms it may use (besides itself). A domain room may use any
# other domain room but not the edge; the device manager and the
# configuration are the seams the simulation plugs into.
RULES: dict[str, set[str]] = {
    "common": set(),
    "protocol": {"common"},  # a Blob is common's SharedBytes
    "chip": {"common"},
    "biometrics": {"common"},
    "drivers/classes": {"chip", "common"},
    "drivers/transport": {"drivers/classes", "chip", "common"},
    "drivers/registry": {"drivers/classes", "drivers/transport", "chip", "common"},
    "drivers/transport/libusb": {"drivers/transport", "drivers/classes", "chip", "common"},
    "drivers/transport/pcsc": {"drivers/transport", "drivers/classes", "chip", "common"},
    "drivers/family": DRIVER_BASE | {"chip", "common"},
    "daemon": DAEMON_DOMAIN_USES,
    "daemon/devices": DAEMON_DOMAIN_USES,
    "daemon/config": DAEMON_DOMAIN_USES,
    "daemon/edge": DAEMON_DOMAIN_USES | {"protocol"},
    # sim may link every driver (ktpel::drivers), but of a family's files
    # it may include only the USB ids it answers to: an emulator writes its
    # half of each wire format itself (see USB_IDS below).
    "sim": DRIVER_BASE | {"chip", "common", "daemon/devices", "daemon/config"},
    "clients": {"protocol", "common"},
    "app": DAEMON_SIDE | DRIVER_BASE | {"daemon/edge", "drivers/family", "drivers/transport/libusb",
                                    "drivers/transport/pcsc", "biometrics", "chip",
                                    "protocol", "common", "sim"},
}

# What a room may link without including: the simulation runs the real
# drivers against its emulators.
LINK_ONLY: dict[str, set[str]] = {"sim": {"drivers/family"}}

# Known departures from the rules, each with why it is still here. An
# entry that no longer matches anything is reported, so the list shrinks.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # (kind, what): reason
}


@dataclass
class Findings:
    violations: list[str] = field(default_factory=list)
    used_exceptions: set[tuple[str, str]] = field(default_factory=set)

    def report(self, kind: str, what: str, detail: str) -> None:
        if (kind, what) in EXCEPTIONS:
            self.used_exceptions.add((kind, what))
            return
        self.violations.append(f"{kind}: {what}: {detail}")


def room_of(path: str) -> str | None:
    for prefix, room in ROOMS:
        if path.startswith(prefix):
            return room
    return None


def folder_of(path: str) -> str:
    return os.path.dirname(path)


def allowed(source: str, target: str) -> bool:
    if source == target:
        return True
    if source in RULES:
        return target in RULES[source]
    return False


def source_files(root: str) -> list[str]:
    found = []
    for top in ("common", "protocol", "chip", "biometrics", "drivers", "daemon", "sim",
                "clients"):
        for directory, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if name.endswith((".cpp", ".hpp", ".h", ".c")):
                 found.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(found)


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# Our public headers are included with angle brackets (<ktpel/error.hpp>).
ANGLE_INCLUDE = re.compile(r'^\s*#\s*include\s+<(ktpel/[^>]+)>', re.M)
# Public headers reached through an include directory rather than the root.
INCLUDE_DIRS = ["protocol/include", "clients/libktpel/include"]


def resolve(root: str, includer: str, name: str) -> str | None:
    candidates = [os.path.normpath(os.path.join(os.path.dirname(includer), name)),
                  os.path.normpath(name)]
    candidates += [os.path.normpath(os.path.join(d, name)) for d in INCLUDE_DIRS]
    for candidate in candidates:
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate
    return None


def check_includes(root: str, files: dict[str, str], findings: Findings) -> None:
    for path, text in files.items():
        source = room_of(path)
        for name in INCLUDE.findall(text) + ANGLE_INCLUDE.findall(text):
            target_path = resolve(root, path, name)
            if target_path is None:
                continue  # a system or generated header
            target = room_of(target_path)
            names_sim_from_app = source == "app" and target == "sim" and path != SIMULATION_FACTORY
            if target is None or (allowed(source, target) and not names_sim_from_app):
                continue
            if source == "sim" and USB_IDS.match(target_path):
                continue
            if target == "sim" and source == "app" and path != SIMULATION_FACTORY:
                findings.report("include", f"{path} -> sim",
                          f"only {SIMULATION_FACTORY} may name sim/ ({name})")
                continue
            if target == "app":
                findings.report("include", f"{source} -> app",
                          f"{path} includes the composition root ({name})")
                continue
            findings.report("include", f"{folder_of(path)} -> {target}", f"{path} includes {name}")


TARGET_DEF = re.compile(r'\b(add_library|add_executable)\(\s*([A-Za-z0-9_.:-]+)\s+([A-Z]*)')
LINK = re.compile(r'\btarget_link_libraries\(\s*([A-Za-z0-9_.-]+)([^)]*)\)', re.S)
FAMILY = re.compile(r'\bktpel_add_driver_family\(\s*([A-Za-z0-9_]+)')


def cmake_files(root: str) -> dict[str, str]:
    found = {}
    for directory, _, names in os.walk(root):
        relative = os.path.relpath(directory, root)
        if relative.startswith(("build", ".git")) or "/." in relative:
            continue
        if "CMakeLists.txt" in names:
            path = os.path.normpath(os.path.join(relative, "CMakeLists.txt"))
            with open(os.path.join(root, path), encoding="utf-8") as f:
                found[path] = f.read()
    return found


def check_links(cmake: dict[str, str], findings: Findings) -> None:
    defined_in: dict[str, str] = {}  # target -> folder
    libraries_in: dict[str, list[str]] = {}
    for path, text in cmake.items():
        folder = os.path.dirname(path)
        for kind, name, type_ in TARGET_DEF.findall(text):
            if "${" in name or type_ == "ALIAS":
                continue
            defined_in[name] = folder
            if kind == "add_library" and type_ != "INTERFACE":
                libraries_in.setdefault(folder, []).append(name)
        for name in FAMILY.findall(text):
            defined_in[name] = folder
            defined_in[name + "_whole"] = folder
            libraries_in.setdefault(folder, []).append(name)
    for folder, names in sorted(libraries_in.items()):
        if room_of(folder + "/") is None:
            continue
        if len(names) > 1:
            findings.report("folder-targets", folder,
                      f"defines {len(names)} libraries ({', '.join(names)})")
    for path, text in cmake.items():
        for target, items in LINK.findall(text):
            if target not in defined_in:
                continue
            source = room_of(defined_in[target] + "/")
            if source is None:
                continue
            for item in re.findall(r'[A-Za-z0-9_:]+', items):
                if item == "ktpel::drivers":
                 item = "ktpel_drivers_all"  # every family, linked whole
                if item not in defined_in:
                 continue
                target_room = room_of(defined_in[item] + "/")
                if target_room is None or allowed(source, target_room):
                 continue
                if target_room in LINK_ONLY.get(source, set()):
                 continue
                key = (f"{defined_in[target]} -> {target_room}" if source == "sim"
                 else f"{source} -> {target_room}")
                findings.report("link", key, f"{target} links {item}")


def check(root: str, files: dict[str, str] | None = None,
          cmake: dict[str, str] | None = None) -> Findings:
    if files is None:
        files = {}
        for path in source_files(root):
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                files[path] = f.read()
    if cmake is None:
        cmake = cmake_files(root)
    findings = Findings()
    check_includes(root, files, findings)
    check_links(cmake, findings)
    return findings


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    findings = check(root)
    for violation in findings.violations:
        print("forbidden", violation)
    stale = [key for key, reason in EXCEPTIONS.items()
             if key not in findings.used_exceptions]
    for kind, what in stale:
        print(f"stale exception (remove it from EXCEPTIONS): {kind}: {what}")
    for key in sorted(findings.used_exceptions):
        print(f"known exception: {key[0]}: {key[1]}: {EXCEPTIONS[key]}")
    if findings.violations or stale:
        return 1
    print(f"dependency rules kept ({len(source_files(root))} source files)")
    return 0


def self_test(root: str) -> int:
    """The checker must catch a forbidden include and a forbidden link."""
    files = {}
    for path in source_files(root):
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            files[path] = f.read()
    cmake = cmake_files(root)
    baseline = set(check(root, files, cmake).violations)
    failures = 0

    def expect(description: str, files_: dict[str, str], cmake_: dict[str, str]) -> None:
        nonlocal failures
        new = set(check(root, files_, cmake_).violations) - baseline
        if new:
            print(f"caught {description}: {sorted(new)[0]}")
        else:
            print(f"MISSED {description}")
            failures += 1

    def planted_include(description: str, path: str, line: str) -> None:
        probe = dict(files)
        probe[path] = line + probe[path]
        expect(description, probe, cmake)

    def planted_link(description: str, cmake_path: str, text: str) -> None:
        probe = dict(cmake)
        probe[cmake_path] += text
        expect(description, files, probe)

    # The daemon reaching into the simulation.
    planted_include("daemon including sim/",
                    "daemon/ops/control_operations.cpp",
                    '#include "sim/station/simulated_station.hpp"\n')
    # The biometrics library reaching into a driver.
    planted_include("biometrics including drivers/",
                    "biometrics/fingerprint/finger_quality.hpp",
                    '#include "drivers/classes/device.hpp"\n')
    # The composition root naming sim/ outside the simulation factory.
    planted_include("main.cpp including sim/",
                    "daemon/app/main.cpp",
                    '#include "sim/station/simulated_station.hpp"\n')
    # The domain seeing the wire: the SOP engine including a protocol header,
    # and the SOP's target linking the protocol codec.
    planted_include("daemon/sop including a protocol header",
                    "daemon/sop/engine.cpp",
                    "#include <ktpel/error.hpp>\n")
    planted_link("daemon/sop linking ktpel_protocol",
                 "daemon/sop/CMakeLists.txt",
                 "\ntarget_link_libraries(ktpel_sop PUBLIC ktpel_protocol)\n")
    # The domain reaching up into the edge.
    planted_include("daemon/services including daemon/api",
                    "daemon/services/application_service.cpp",
                    '#include "daemon/api/call.hpp"\n')
    # An emulator using its driver's codec: then a codec bug would sit on
    # both sides of the wire and no test would see it.
    planted_include("an emulator including its driver's codec",
                    "sim/emulators/kip_emulator.cpp",
                    '#include "drivers/kip/kip_frame.hpp"\n')
    # A second library target in one folder.
    planted_link("two library targets in one folder",
                 "sim/virtual_sam/CMakeLists.txt",
                 "\nadd_library(ktpel_sam_extra STATIC sam_applet.cpp)\n")
    # A driver family linking the daemon's register.
    planted_link("a driver linking the register",
                 "drivers/kip/CMakeLists.txt",
                 "\ntarget_link_libraries(ktpel_driver_kip PUBLIC ktpel_register)\n")
    # A client linking the daemon's api.
    planted_link("a client linking daemon/api",
                 "clients/libktpel/CMakeLists.txt",
                 "\ntarget_link_libraries(ktpel_client PUBLIC ktpel_api)\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
