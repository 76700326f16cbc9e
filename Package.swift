// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The interpreter's GEMM kernel uses AVX2 and FMA when the building x86-64 machine has them
/// (Swift's default x86-64 target is SSE2 only: half the speed). The build is for this
/// machine's CPU then; set TESSERA_PORTABLE=1 to build a binary for any x86-64.
/// The interpreter is optimized in debug builds too: `swift test` runs real models on it.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let interpreterSettings: [SwiftSetting] = {
  #if arch(x86_64) && os(Linux)
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let flags = Set(cpu.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }))
    if flags.contains("avx2") && flags.contains("fma") && ProcessInfo.processInfo.environment["TESSERA_PORTABLE"] == nil
    {
      return optimized + [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"]), .define("TESSERA_FMA")]
    }
  #endif
  return optimized
}()

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
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    .target(name: "GraphIR", swiftSettings: optimized),
    .target(
      name: "ONNXImport",
      dependencies: ["GraphIR", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Generated/README.md"]),
    .target(name: "PassKit", dependencies: ["GraphIR"]),
    .target(name: "Interpreter", dependencies: ["GraphIR"], swiftSettings: interpreterSettings),
    .target(name: "Transforms", dependencies: ["PassKit", "GraphIR", "HardwareModel", "CostModel"]),
    .target(name: "HardwareModel", dependencies: ["GraphIR", .product(name: "Yams", package: "Yams")]),
    .target(name: "CostModel", dependencies: ["GraphIR", "HardwareModel"]),
    .target(name: "Scheduler", dependencies: ["GraphIR", "HardwareModel", "CostModel"]),
    .target(
      name: "Simulator", dependencies: ["Scheduler", "HardwareModel"],
      swiftSettings: optimized + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
    .target(
      name: "Compiler",
      dependencies: [
        "GraphIR", "ONNXImport", "HardwareModel", "CostModel", "PassKit", "Transforms", "Scheduler", "Interpreter",
        "Simulator",
      ]),
    .target(
      name: "Exploration",
      dependencies: [
        "Compiler", "HardwareModel", "GraphIR", "Interpreter", "ONNXImport", "Simulator",
        .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
      ]),
    .target(name: "HTMLReport", dependencies: ["Compiler", "Exploration", "GraphIR"]),
    .executableTarget(
      name: "tessera",
      dependencies: [
        "Compiler", "CostModel", "Exploration", "HTMLReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "tessera-bench",
      dependencies: ["Compiler", "GraphIR", "ONNXImport", "HardwareModel", "CostModel", "PassKit", "Transforms"],
      path: "tools/tessera-bench"),
    .executableTarget(
      name: "tessera-sim-bench",
      dependencies: ["Compiler", "ONNXImport", "HardwareModel", "Scheduler", "Simulator"],
      path: "tools/simulator-bench"),
    .executableTarget(
      name: "tessera-fuzz",
      dependencies: [
        "Compiler", "GraphIR", "HardwareModel", "Interpreter", "ONNXImport", "Simulator",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      path: "tools/fuzz", exclude: ["corpus", "README.md"]),
    .executableTarget(
      name: "tessera-interp-bench", dependencies: ["Interpreter", "GraphIR", "ONNXImport"],
      path: "tools/interpreter-bench"),
    .target(name: "TesseraTestSupport", path: "Tests/TesseraTestSupport"),
    .testTarget(name: "GraphIRTests", dependencies: ["GraphIR", "TesseraTestSupport"], exclude: ["Golden"]),
    .testTarget(
      name: "InterpreterTests",
      dependencies: ["Interpreter", "GraphIR", "ONNXImport", "Compiler", "TesseraTestSupport"]),
    .testTarget(name: "HardwareModelTests", dependencies: ["HardwareModel", "GraphIR"]),
    .testTarget(name: "PassKitTests", dependencies: ["PassKit", "GraphIR"]),
    .testTarget(
      name: "HTMLReportTests", dependencies: ["HTMLReport", "Compiler", "Exploration", "TesseraTestSupport"],
      exclude: ["Golden"]),
    .testTarget(
      name: "TransformsTests",
      dependencies: [
        "Transforms", "PassKit", "GraphIR", "HardwareModel", "CostModel", "Interpreter", "Compiler",
        "TesseraTestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "SimulatorTests",
      dependencies: [
        "Simulator", "Scheduler", "Compiler", "HardwareModel", "ONNXImport", "GraphIR", "CostModel",
        "TesseraTestSupport",
      ]),
    .testTarget(
      name: "CostModelTests", dependencies: ["CostModel", "HardwareModel", "GraphIR", "TesseraTestSupport"]),
    .testTarget(
      name: "SchedulerTests",
      dependencies: [
        "Scheduler", "CostModel", "GraphIR", "HardwareModel", "ONNXImport", "Compiler", "TesseraTestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "ONNXImportTests",
      dependencies: ["ONNXImport", "GraphIR", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
    .testTarget(
      name: "CompilerTests",
      dependencies: [
        "Compiler", "CostModel", "GraphIR", "HardwareModel", "Interpreter", "ONNXImport", "PassKit", "Scheduler",
        "Simulator", "Transforms", "TesseraTestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(name: "tesseraTests", dependencies: ["tessera"]),
    .testTarget(
      name: "ExplorationTests", dependencies: ["Exploration", "Compiler", "HardwareModel", "TesseraTestSupport"]),
  ]
)
