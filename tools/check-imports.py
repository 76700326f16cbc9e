#!/usr/bin/env python3
"""Fails when a Swift file imports a module its target does not declare in Package.swift.

SwiftPM builds such a file only because the module happens to be built for another target
(an undeclared transitive dependency): a build order change or a new product breaks it.
Run from the repository root: python3 tools/check-imports.py
"""
import pathlib
import re
import sys

package = pathlib.Path("Package.swift").read_text()
system = {"Foundation", "Testing", "XCTest", "Dispatch", "Glibc", "Darwin", "PackageDescription", "Synchronization",
          "FoundationEssentials"}
products = {"ArgumentParser": "swift-argument-parser", "SwiftProtobuf": "swift-protobuf", "Yams": "Yams", "GRDB": "GRDB.swift"}
problems = []
for match in re.finditer(r'\.(?:target|executableTarget|testTarget)\(\s*name: "([^"]+)"(.*?)\)(?=,\s*\n\s*\.|\s*,?\s*\n\s*\])',
                         package, re.S):
    name, rest = match.group(1), match.group(2)
    deps = set(re.findall(r'"([A-Za-z]+)"', rest.split("path:")[0].split("exclude:")[0]))
    deps |= {m for m in products if f'name: "{m}"' in rest}
    path = re.search(r'path: "([^"]+)"', rest)
    folder = pathlib.Path(path.group(1) if path else ("Tests/" if name.endswith("Tests") else "Sources/") + name)
    for file in sorted(folder.rglob("*.swift")):
        for module in re.findall(r"^(?:@testable |@_exported )?import (?:(?:struct|class|enum|protocol|typealias|func|var|let) )?(\w+)", file.read_text(), re.M):
            if module not in deps and module not in system and module != name:
                problems.append(f"{file}: imports {module}, which target {name} does not declare")
print("\n".join(problems) if problems else "every import is declared")
sys.exit(1 if problems else 0)
