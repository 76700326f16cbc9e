import HardwareModel
import Testing

struct ScaleSimConfigTests {
  static let valid = """
    [general]
    run_name = ws16

    [architecture_presets]
    ArrayHeight:    16
    ArrayWidth:     8
    IfmapSramSzkB:   64
    FilterSramSzkB:  32
    OfmapSramSzkB:   16
    Bandwidth : 10
    Dataflow : ws
    MemoryBanks:   1

    [run_presets]
    InterfaceBandwidth: USER
    """

  @Test func parsesTheArray() throws {
    let config = try ScaleSimConfig.parse(Self.valid, file: "a.cfg")
    #expect(config.runName == "ws16")
    #expect(config.array.rows == 16 && config.array.cols == 8)
    #expect(config.array.dataflow == .weightStationary)
    #expect(config.array.filterSRAMBytes == 32 * 1024)
    #expect(config.array.dramWordsPerCycle == 10)
    #expect(config.interfaceBandwidth == .user)
  }

  @Test func reportsEveryProblemAtOnce() {
    let broken = Self.valid.replacingOccurrences(of: "ArrayHeight:    16", with: "ArrayHeight: 0")
      .replacingOccurrences(of: "Dataflow : ws", with: "Dataflow : xs")
      .replacingOccurrences(of: "Bandwidth : 10", with: "")
    #expect {
      try ScaleSimConfig.parse(broken, file: "b.cfg")
    } throws: { error in
      let message = "\(error)"
      return message.hasPrefix("b.cfg: ") && message.contains("'ArrayHeight' must be a positive integer")
        && message.contains("'Dataflow' must be ws, os or is") && message.contains("missing key 'Bandwidth'")
    }
  }

  @Test func rejectsDuplicateKeys() {
    #expect(throws: ScaleSimConfig.ParseError.self) {
      try ScaleSimConfig.parse(Self.valid + "\n[architecture_presets]\nArrayWidth: 4\n", file: "c.cfg")
    }
  }
}
