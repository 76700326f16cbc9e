// swift-tools-version: 6.1
import PackageDescription

/// The interpreter's GEMM kernel needs AVX2 and FMA on x86-64 (the default target is SSE2).
#if arch(x86_64)
  let interpreterSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"]), .define("TESSERA_FMA"),
  ]
#else
  let interpreterSettings: [SwiftSetting] = []
#endif

let package = Package(
  name: "Tessera",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "tessera", targets: ["tessera"]),
    .library(name: "Compiler", targets: ["Compiler"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .target(name: "GraphIR"),
    .target(
      name: "ONNXImport",
      dependencies: ["GraphIR", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Generated/README.md"]),
    .target(name: "PassKit", dependencies: ["GraphIR"]),
    .target(name: "Interpreter", dependencies: ["GraphIR"], swiftSettings: interpreterSettings),
    .target(name: "Transforms", dependencies: ["PassKit", "GraphIR", "HardwareModel", "CostModel", "Interpreter"]),
    .target(name: "HardwareModel", dependencies: [.product(name: "Yams", package: "Yams")]),
    .target(name: "CostModel", dependencies: ["GraphIR", "HardwareModel"]),
    .target(name: "Scheduler", dependencies: ["GraphIR", "HardwareModel", "CostModel"]),
    .target(
      name: "Compiler",
      dependencies: [
        "GraphIR", "ONNXImport", "HardwareModel", "CostModel", "PassKit", "Transforms", "Scheduler", "Interpreter",
      ]),
    .executableTarget(
      name: "tessera",
      dependencies: ["Compiler", "Interpreter", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(
      name: "tessera-bench",
      dependencies: ["Compiler", "ONNXImport", "HardwareModel", "CostModel", "PassKit", "Transforms"],
      path: "tools/tessera-bench"),
    .executableTarget(
      name: "tessera-interp-bench", dependencies: ["Interpreter", "GraphIR", "ONNXImport"],
      path: "tools/interpreter-bench"),
    .target(name: "TesseraTestSupport", path: "Tests/TesseraTestSupport"),
    .testTarget(name: "GraphIRTests", dependencies: ["GraphIR", "TesseraTestSupport"], exclude: ["Golden"]),
    .testTarget(
      name: "InterpreterTests", dependencies: ["Interpreter", "GraphIR", "ONNXImport", "Compiler", "TesseraTestSupport"]),
    .testTarget(name: "HardwareModelTests", dependencies: ["HardwareModel"]),
    .testTarget(name: "PassKitTests", dependencies: ["PassKit", "GraphIR"]),
    .testTarget(
      name: "TransformsTests",
      dependencies: ["Transforms", "PassKit", "GraphIR", "HardwareModel", "CostModel", "TesseraTestSupport"],
      exclude: ["Golden"]),
    .testTarget(name: "CostModelTests", dependencies: ["CostModel", "HardwareModel", "GraphIR"]),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "Scheduler", "CostModel", "GraphIR", "HardwareModel", "ONNXImport", "Compiler", "TesseraTestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "ONNXImportTests",
      dependencies: ["ONNXImport", "GraphIR", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
    .testTarget(name: "CompilerTests", dependencies: ["Compiler", "TesseraTestSupport"], exclude: ["Golden"]),
    .testTarget(name: "tesseraTests", dependencies: ["tessera"]),
  ]
)
