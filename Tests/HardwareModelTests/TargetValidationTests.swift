import GraphIR
import HardwareModel
import Testing

/// Bad target files: every problem is reported at once, each with its key path.
struct TargetValidationTests {
  static let valid = """
    name: tiny
    clock_mhz: 100
    compute:
      - name: array
        kind: systolic
        rows: 4
        cols: 4
        dataflows: [ws]
        macs_per_pe_per_cycle: {int8: 1}
        accumulator_bits: 32
        fill_drain_cycles: 0
    memory:
      - name: dram
        size_bytes: 1048576
        bandwidth_bytes_per_cycle: 8
        latency_cycles: 10
        double_buffered: false
        holds: [inputs, weights, outputs]
    overheads:
      kernel_cycles: 0
      command_cycles: 0
    """

  static func problems(_ text: String, overrides: [String] = []) -> String? {
    do {
      _ = try AcceleratorLoader.load(text, file: "t.yaml", overrides: overrides)
      return nil
    } catch { return error.description }
  }

  @Test func simulatorSectionLoadsAndRoundTrips() throws {
    let text = Self.valid.replacingOccurrences(
      of: "overheads:", with: "simulator:\n  family: gemmini\n  store_queue_depth: 2\n  interrupt_cycles: 9\noverheads:"
    )
    let tiny = try AcceleratorLoader.load(text, file: "t.yaml")
    #expect(tiny.simulation.family == .gemmini && tiny.simulation.storeQueueDepth == 2)
    #expect(tiny.simulation.interruptCycles == 9 && tiny.simulation.loadQueueDepth == 8)
    #expect(try AcceleratorLoader.load(AcceleratorWriter.yaml(tiny), file: "w.yaml") == tiny)
    let plain = try AcceleratorLoader.load(Self.valid, file: "t.yaml")
    #expect(plain.simulation == SimulationSettings() && plain.simulationFamily == .systolic)
  }

  @Test func validFileLoads() throws {
    let tiny = try AcceleratorLoader.load(Self.valid, file: "t.yaml")
    #expect(tiny.clockMHz == 100 && tiny.memoryLevels[0].latencyCycles == 10)
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var replace: String
    var with: String
    var mentions: [String]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "unknown simulator family", replace: "overheads:", with: "simulator:\n  family: tpu2\noverheads:",
      mentions: ["simulator.family", "must be one of gemmini, nvdla"]),
    Case(
      name: "zero queue depth", replace: "overheads:", with: "simulator:\n  load_queue_depth: 0\noverheads:",
      mentions: ["simulator.load_queue_depth", "must be in 1..."]),
    Case(
      name: "unknown simulator key", replace: "overheads:", with: "simulator:\n  queue_depth: 4\noverheads:",
      mentions: ["queue_depth", "unknown key"]),
    Case(name: "invalid YAML", replace: "clock_mhz: 100", with: "clock_mhz: [100", mentions: ["not valid YAML"]),
    Case(
      name: "missing key", replace: "    latency_cycles: 10\n", with: "",
      mentions: ["memory[0].latency_cycles: is required"]),
    Case(
      name: "unknown key", replace: "clock_mhz: 100", with: "clock_mhz: 100\nclock_ghz: 1",
      mentions: ["clock_ghz", "unknown key"]),
    // Bank counts were parsed and never used: the key is gone, so a file giving one is told.
    Case(
      name: "banks are not modelled", replace: "    latency_cycles: 10", with: "    latency_cycles: 10\n    banks: 4",
      mentions: ["memory[0]", "banks", "unknown key"]),
    Case(
      name: "duplicate key", replace: "    rows: 4", with: "    rows: 4\n    rows: 8",
      mentions: ["duplicated key", "'rows'"]),
    Case(
      name: "negative size", replace: "size_bytes: 1048576", with: "size_bytes: -1", mentions: ["memory[0].size_bytes"]),
    Case(
      name: "zero bandwidth", replace: "bandwidth_bytes_per_cycle: 8", with: "bandwidth_bytes_per_cycle: 0",
      mentions: ["memory[0].bandwidth_bytes_per_cycle: must be greater than 0"]),
    Case(
      name: "bad dataflow", replace: "dataflows: [ws]", with: "dataflows: [rs]", mentions: ["compute[0].dataflows[0]"]),
    Case(name: "bad kind", replace: "kind: systolic", with: "kind: gpu", mentions: ["compute[0].kind"]),
    Case(
      name: "several problems at once", replace: "    rows: 4\n    cols: 4",
      with: "    rows: 0\n    cols: many",
      mentions: ["2 problems", "compute[0].rows", "compute[0].cols: must be an integer"]),
    Case(name: "aliases", replace: "clock_mhz: 100", with: "clock_mhz: &c 100\nsummary: *c", mentions: ["aliases"]),
    Case(
      name: "unknown layout", replace: "fill_drain_cycles: 0", with: "fill_drain_cycles: 0\n    layout: CHWN",
      mentions: ["compute[0].layout: must be NCHW, NHWC or NCHWc<block> (block 2...4096), got 'CHWN'"]),
    Case(
      name: "layout block too small", replace: "fill_drain_cycles: 0", with: "fill_drain_cycles: 0\n    layout: NCHWc1",
      mentions: ["compute[0].layout", "got 'NCHWc1'"]),
    Case(
      name: "layout block not a number", replace: "fill_drain_cycles: 0",
      with: "fill_drain_cycles: 0\n    layout: NCHWc+32", mentions: ["compute[0].layout", "got 'NCHWc+32'"]),
    Case(
      name: "zero link bandwidth", replace: "memory:", with: Self.host + "    link_bytes_per_cycle: 0\nmemory:",
      mentions: ["compute[1].link_bytes_per_cycle: must be greater than 0"]),
    Case(
      name: "link latency without a link", replace: "memory:",
      with: Self.host + "    link_latency_cycles: 700\nmemory:",
      mentions: ["compute[1].link_latency_cycles: needs link_bytes_per_cycle"]),
    Case(
      name: "negative link latency", replace: "memory:",
      with: Self.host + "    link_bytes_per_cycle: 16\n    link_latency_cycles: -1\nmemory:",
      mentions: ["compute[1].link_latency_cycles: must be in 0...1073741824, got -1"]),
    Case(
      name: "link on an array", replace: "fill_drain_cycles: 0",
      with: "fill_drain_cycles: 0\n    link_bytes_per_cycle: 8",
      mentions: ["compute[0].link_bytes_per_cycle: unknown key"]),
  ]

  /// A host unit appended to `valid`'s compute list.
  static let host = "  - name: host\n    kind: host\n    ops_per_second: 1000000000\n"

  @Test func layoutAndLinkLoadAndRoundTrip() throws {
    let text = Self.valid.replacingOccurrences(
      of: "fill_drain_cycles: 0", with: "fill_drain_cycles: 0\n    layout: NCHWc32"
    )
    .replacingOccurrences(
      of: "memory:", with: Self.host + "    link_bytes_per_cycle: 22.5\n    link_latency_cycles: 700\nmemory:")
    let accelerator = try AcceleratorLoader.load(text, file: "t.yaml")
    guard case .systolic(let array) = accelerator.computeUnits[0].kind,
      case .host(let host) = accelerator.computeUnits[1].kind
    else {
      Issue.record("unexpected units")
      return
    }
    #expect(array.layout == .channelBlocked(32))
    #expect(host.link == HostUnit.Link(bytesPerCycle: 22.5, latencyCycles: 700))
    let shown = AcceleratorWriter.yaml(accelerator)
    #expect(shown.contains("layout: NCHWc32") && shown.contains("link_bytes_per_cycle: 22.5"))
    #expect(try AcceleratorLoader.load(shown, file: "shown.yaml") == accelerator)
    // Both keys are optional: without them there is no preference and no link.
    let plain = try AcceleratorLoader.load(Self.valid, file: "t.yaml")
    guard case .systolic(let plainArray) = plain.computeUnits[0].kind else { return }
    #expect(plainArray.layout == nil)
  }

  @Test(arguments: [
    ("NCHW", TensorLayout.nchw), ("NHWC", .nhwc), ("NCHWc32", .channelBlocked(32)), ("NCHWc8", .channelBlocked(8)),
  ])
  func layoutNamesRoundTrip(_ text: String, _ layout: TensorLayout) {
    #expect(TensorLayout(text) == layout)
    #expect(layout.description == text)
  }

  @Test func onlyFeatureMapsWithChannelsAndPixelsDependOnTheLayout() {
    #expect(TensorLayout.orderMatters([1, 64, 56, 56]))
    #expect(TensorLayout.orderMatters([1, 24, 101]))
    #expect(!TensorLayout.orderMatters([1, 2048, 1, 1]))
    #expect(!TensorLayout.orderMatters([1, 1, 28, 28]))
    #expect(!TensorLayout.orderMatters([1, 1000]))
    #expect(TensorLayout.nhwc.sameOrder(as: .channelBlocked(32), shape: [1, 512, 1, 1]))
    #expect(!TensorLayout.nhwc.sameOrder(as: .nchw, shape: [1, 3, 2, 2]))
  }

  @Test(arguments: cases)
  func badFilesAreRejected(_ c: Case) throws {
    let text = Self.valid.replacingOccurrences(of: c.replace, with: c.with)
    #expect(text != Self.valid, "the case's replacement did not apply")
    let message = try #require(Self.problems(text))
    #expect(message.hasPrefix("t.yaml: "))
    for mention in c.mentions { #expect(message.contains(mention), "\(message)") }
  }

  @Test(arguments: [
    ("compute.array", "below"), ("compute.nothing.rows=1", "no list element"), ("nokey", "path=value"),
    ("memory.dram.latency_cycles=zero", "memory[0].latency_cycles: must be an integer"),
    // Regression: finite but absurd values printed Int.max cycles and NaN percentages.
    ("clock_mhz=1e308", "clock_mhz: must lie within 1e-6…1e15"),
    ("memory.dram.bandwidth_bytes_per_cycle=1e-300", "memory[0].bandwidth_bytes_per_cycle: must lie within"),
    ("clock_mhz=0.0001", "clock_mhz: must be between 0.001 (1 kHz) and 100000 (100 GHz), got 0.0001"),
    ("clock_mhz=200000", "clock_mhz: must be between 0.001 (1 kHz) and 100000 (100 GHz), got 200,000"),
  ])
  func badOverridesAreRejected(_ override: String, _ mention: String) throws {
    let message = try #require(
      Self.problems(
        Self.valid, overrides: [override.contains("=") ? override : override + (mention == "below" ? ".rows.x=1" : "")])
    )
    #expect(message.contains(mention), "\(message)")
  }
}

/// `input_channel_alignment` defaults to the atomic-C and is written back out.
@Test func inputChannelAlignmentDefaultsToTheAtomicC() throws {
  let full = try BuiltinTargets.load("nvdla-full")
  let text = AcceleratorWriter.yaml(full).replacingOccurrences(of: "  input_channel_alignment: 16\n", with: "")
  let derived = try AcceleratorLoader.load(text, file: "t.yaml")
  guard case .macCells(let explicit) = full.computeUnits[0].kind,
    case .macCells(let implicit) = derived.computeUnits[0].kind
  else {
    Issue.record("nvdla-full's first unit is no MAC-cell unit")
    return
  }
  #expect(explicit.inputChannelAlignment == 16)
  #expect(implicit.inputChannelAlignment == implicit.atomicC && implicit.atomicC == 64)
}

/// Eyeriss's run-length coding round-trips through the writer; pairs that overflow the word
/// are rejected with the key path.
@Test func runLengthCodingRoundTripsAndMustFitItsWord() throws {
  let eyeriss = try BuiltinTargets.load("eyeriss")
  let text = AcceleratorWriter.yaml(eyeriss)
  #expect(try AcceleratorLoader.load(text, file: "t.yaml") == eyeriss)
  let message = try #require(
    TargetValidationTests.problems(text, overrides: ["compute.pe_array.run_length_coding.pairs_per_word=4"]))
  #expect(
    message.contains("compute[0].run_length_coding: 4 pairs of 5 + 16 bits do not fit a 64-bit word"), "\(message)")
}
