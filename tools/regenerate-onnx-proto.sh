#!/usr/bin/env bash
# Regenerates Sources/ONNXImport/Generated/onnx.pb.swift from the official onnx.proto.
#
# Needs: protoc (Debian: apt-get install protobuf-compiler) and python3 with pip.
# The protoc-gen-swift plugin is built from the swift-protobuf checkout that SwiftPM
# resolves for this package (same version as Package.swift pins), so the generated
# code always matches the runtime library. onnx.proto comes from the `onnx` wheel
# on PyPI (ONNX_VERSION below); nothing here is needed for a normal build.
set -euo pipefail
ONNX_VERSION="${ONNX_VERSION:-1.23.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v protoc >/dev/null || { echo "error: protoc not found (apt-get install protobuf-compiler)" >&2; exit 1; }

echo "fetching onnx.proto from onnx==$ONNX_VERSION" >&2
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$work/wheel" "onnx==$ONNX_VERSION"
python3 - "$work" <<'PY'
import sys, zipfile, glob
work = sys.argv[1]
wheel = glob.glob(f"{work}/wheel/*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    open(f"{work}/onnx.proto", "wb").write(z.read("onnx/onnx.proto"))
PY

echo "building protoc-gen-swift" >&2
(cd "$root" && swift package resolve >/dev/null)
plugin_src="$root/.build/checkouts/swift-protobuf"
swift build --package-path "$plugin_src" --scratch-path "$work/plugin-build" -c release --product protoc-gen-swift >&2
plugin="$work/plugin-build/release/protoc-gen-swift"

out="$root/Sources/ONNXImport/Generated"
mkdir -p "$out"
protoc --proto_path="$work" --plugin=protoc-gen-swift="$plugin" \
  --swift_opt=Visibility=Public --swift_out="$out" "$work/onnx.proto"
echo "wrote $out/onnx.pb.swift (onnx $ONNX_VERSION)" >&2
