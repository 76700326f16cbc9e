import Foundation
import HardwareModel
import Testing

struct BuiltinTargetTests {
  static let targetsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../targets").standardized

  @Test func everyFileInTargetsIsEmbedded() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.targetsFolder.path)
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    #expect(files == BuiltinTargets.names, "run tools/embed-files.sh")
    for name in files {
      let onDisk = try String(contentsOf: Self.targetsFolder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
      func normalized(_ text: String) -> [String] {
        text.split(separator: "\n").map { String($0).replacing(/\s+$/, with: "") }
      }
      #expect(
        normalized(onDisk) == normalized(BuiltinTargets.yaml(named: name) ?? ""), "\(name): run tools/embed-files.sh")
    }
  }

  @Test func theIssueNamesAreAllThere() {
    let expected =
      [
        "systolic", "gemmini", "nvdla-small", "nvdla-full", "ultratrail", "plasticine", "tpu-v1", "eyeriss", "host-cpu",
      ] + [2048, 1024, 512, 256, 128, 64, 32].map { "nvdla-primer-\($0)" }
    #expect(Set(expected) == Set(BuiltinTargets.names))
  }

  @Test(arguments: BuiltinTargets.names)
  func loadsAndRoundTripsThroughShow(_ name: String) throws {
    let accelerator = try BuiltinTargets.load(name)
    #expect(accelerator.name == name)
    let shown = AcceleratorWriter.yaml(accelerator)
    #expect(try AcceleratorLoader.load(shown, file: "shown.yaml") == accelerator)
  }

  @Test func gemminiHasItsDefaultConfig() throws {
    let gemmini = try BuiltinTargets.load("gemmini")
    guard case .systolic(let mesh)? = gemmini.computeUnits.first?.kind else {
      Issue.record("gemmini's first unit is not a systolic array")
      return
    }
    #expect(mesh.rows == 16 && mesh.cols == 16 && mesh.dataflows == [.weightStationary, .outputStationary])
    #expect(gemmini.memoryLevels.map(\.sizeBytes).dropFirst() == [262_144, 65_536])
    #expect(gemmini.memoryLevels.first?.readBytesPerCycle == 16)
  }

  @Test func overridesChangeOneParameter() throws {
    let wide = try BuiltinTargets.load(
      "systolic", overrides: ["compute.array.rows=128", "memory.dram.bandwidth_bytes_per_cycle=4"])
    guard case .systolic(let array)? = wide.computeUnits.first?.kind else { return }
    #expect(array.rows == 128 && array.cols == 32)
    #expect(wide.memoryLevels[0].readBytesPerCycle == 4)
    let byIndex = try BuiltinTargets.load("systolic", overrides: ["memory[1].size_bytes=1024"])
    #expect(byIndex.memoryLevels[1].sizeBytes == 1024)
  }

  /// Regression: `[ws]` used to become the string "[ws]" ("dataflows: must be a list").
  @Test func listOverridesAreLists() throws {
    let ws = try BuiltinTargets.load("systolic", overrides: ["compute.array.dataflows=[ws, os]"])
    guard case .systolic(let array)? = ws.computeUnits.first?.kind else {
      Issue.record("systolic target without a systolic array")
      return
    }
    #expect(array.dataflows == [.weightStationary, .outputStationary])
  }

  @Test func nvdlaBufferModelIsAParameter() throws {
    let alexnetStyle = try BuiltinTargets.load(
      "nvdla-primer-2048", overrides: ["compute.cmac.buffer_model=stream_once"])
    guard case .macCells(let cells)? = alexnetStyle.computeUnits.first?.kind else { return }
    #expect(cells.bufferModel == .streamOnce)
    #expect {
      try BuiltinTargets.load("nvdla-full", overrides: ["compute.cmac.buffer_model=lru"])
    } throws: { "\($0)".contains("compute[0].buffer_model: must be resident_with_refetch") }
  }

  @Test func unknownTargetNamesTheBuiltins() {
    #expect {
      try BuiltinTargets.load("tpu-v9")
    } throws: { "\($0)".contains("gemmini") }
  }
}
