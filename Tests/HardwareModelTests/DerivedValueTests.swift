import HardwareModel
import Testing

/// `= EXPR` values: derived after `--set`, errors name the key.
struct DerivedValueTests {
  static func load(_ replace: String, with: String, overrides: [String] = []) throws -> Accelerator {
    let text = TargetValidationTests.valid.replacingOccurrences(of: replace, with: with)
    return try AcceleratorLoader.load(text, file: "t.yaml", overrides: overrides)
  }

  @Test func derivedValuesFollowOverrides() throws {
    let derived = "bandwidth_bytes_per_cycle: = compute.array.cols * 2 + (1 - 1)"
    let plain = try Self.load("bandwidth_bytes_per_cycle: 8", with: derived)
    #expect(plain.memoryLevels[0].readBytesPerCycle == 8)
    let wide = try Self.load("bandwidth_bytes_per_cycle: 8", with: derived, overrides: ["compute.array.cols=32"])
    #expect(wide.memoryLevels[0].readBytesPerCycle == 64)
    // A derived value may refer to another derived value.
    let chained = try Self.load(
      "latency_cycles: 10", with: "latency_cycles: = memory.dram.bandwidth_bytes_per_cycle / 2",
      overrides: ["memory.dram.bandwidth_bytes_per_cycle== compute.array.rows * 5"])
    #expect(chained.memoryLevels[0].latencyCycles == 10)
  }

  @Test(arguments: [
    ("latency_cycles: = memory.dram.latency_cycles", "cycle"),
    ("latency_cycles: = compute.array.colz", "no key 'colz'"),
    ("latency_cycles: = compute.array.name", "not a number"),
    ("latency_cycles: = compute.array.rows / 0", "not a finite number"),
    ("latency_cycles: = (compute.array.rows", "not closed"),
    ("latency_cycles: = 2 +", "ends early"),
    ("latency_cycles: = 2 ) 3", "unexpected"),
    ("latency_cycles: = compute.array.rows / 3", "must be an integer"),
    ("latency_cycles: =" + String(repeating: "(", count: 5000), "256 characters"),
  ])
  func badExpressionsNameTheKey(_ line: String, _ message: String) {
    do {
      _ = try Self.load("latency_cycles: 10", with: line)
      Issue.record("'\(line.prefix(40))' was accepted")
    } catch {
      #expect("\(error)".contains("memory") && "\(error)".contains(message), "\(error)")
    }
  }
}
