import Yams

import enum GraphIR.TensorLayout

/// The target file schema: key names (units in every name) and how each section is read.
enum AcceleratorSchema {
  static let topKeys = [
    "name", "summary", "clock_mhz", "technology_nm", "compute", "memory", "overheads", "simulator", "energy", "area",
    "calibration",
  ]
  static let systolicKeys = [
    "name", "kind", "rows", "cols", "dataflows", "macs_per_pe_per_cycle", "accumulator_bits", "fill_drain_cycles",
    "layout",
  ]
  static let macCellKeys = [
    "name", "kind", "atomic_c", "atomic_k", "macs_per_cycle", "winograd", "output_channel_alignment",
    "input_channel_alignment", "buffer_model",
    "layout",
  ]
  static let rowStationaryKeys = [
    "name", "kind", "rows", "cols", "filter_spad_words", "ifmap_spad_words", "psum_spad_words",
    "macs_per_pe_per_cycle", "layout", "run_length_coding",
  ]
  static let runLengthKeys = ["run_bits", "level_bits", "pairs_per_word", "word_bits"]
  static let vectorKeys = ["name", "kind", "lanes", "ops_per_lane_per_cycle", "ops"]
  static let hostKeys = ["name", "kind", "ops_per_second", "link_bytes_per_cycle", "link_latency_cycles", "cpu"]
  static let memoryKeys = [
    "name", "size_bytes", "bandwidth_bytes_per_cycle", "read_bytes_per_cycle",
    "write_bytes_per_cycle",
    "latency_cycles", "double_buffered", "holds",
  ]
  static let overheadKeys = ["kernel_cycles", "command_cycles"]
  static let maxCount = 1 << 30
  static let maxBytes = 1 << 50

  /// - Parameter knownOps: The op names vector units may list (`nil`: not checked).
  static func read(_ root: Node, _ r: inout YAMLReader, knownOps: Set<String>? = nil) -> Accelerator? {
    guard let top = r.mapping(root, at: "", allowed: topKeys) else { return nil }
    let name = r.string(top, "name", at: "")
    let summary = r.string(top, "summary", at: "", required: false) ?? ""
    var clock = r.number(top, "clock_mhz", at: "", above: 0)
    // 1 kHz to 100 GHz: outside it no clock is hardware, and cycle counts lose meaning.
    if let value = clock, !(0.001...100_000).contains(value) {
      r.report(
        "clock_mhz", "must be between 0.001 (1 kHz) and 100000 (100 GHz), got \(value.formatted())", top["clock_mhz"])
      clock = nil
    }
    let compute = r.elements(top, "compute", at: "").compactMap {
      readComputeUnit($0.1, at: $0.0, &r, knownOps: knownOps)
    }
    let memory = r.elements(top, "memory", at: "").compactMap { readMemoryLevel($0.1, at: $0.0, &r) }
    var overheads: Overheads?
    if let node = top["overheads"], let map = r.mapping(node, at: "overheads", allowed: overheadKeys) {
      let kernel = r.int(map, "kernel_cycles", at: "overheads", in: 0...maxCount)
      let command = r.int(map, "command_cycles", at: "overheads", in: 0...maxCount)
      if let kernel, let command { overheads = Overheads(kernelCycles: kernel, commandCycles: command) }
    } else if top["overheads"] == nil {
      r.report("overheads", "is required")
    }
    let simulation = top["simulator"].map { readSimulation($0, &r) } ?? SimulationSettings()
    checkUnique(compute.map(\.name), "compute", &r)
    checkUnique(memory.map(\.name), "memory", &r)
    let free = top["calibration"].map { CalibrationSchema.read($0, root: root, &r) } ?? []
    let technology = EnergySchema.readNode(top, &r)
    let energy = top["energy"].map {
      EnergySchema.readEnergy($0, levels: memory.map(\.name), units: compute.map(\.name), &r)
    }
    let area = top["area"].map { EnergySchema.readArea($0, &r) }
    guard let name, let clock, let overheads, r.problems.isEmpty else { return nil }
    var accelerator = Accelerator(
      name: name, summary: summary, clockMHz: clock, computeUnits: compute, memoryLevels: memory, overheads: overheads,
      simulation: simulation)
    accelerator.freeParameters = free
    accelerator.technologyNm = technology ?? accelerator.technologyNm
    accelerator.energy = energy ?? EnergySpec()
    accelerator.area = area ?? AreaSpec()
    return accelerator
  }

  static let simulatorKeys = [
    "family", "load_queue_depth", "execute_queue_depth", "store_queue_depth", "dma_request_bytes",
    "dma_outstanding_requests", "compute_latency_cycles", "register_groups", "interrupt_cycles",
  ]

  /// The optional `simulator:` section; absent keys keep `SimulationSettings`' defaults.
  private static func readSimulation(_ node: Node, _ r: inout YAMLReader) -> SimulationSettings {
    var settings = SimulationSettings()
    guard let m = r.mapping(node, at: "simulator", allowed: simulatorKeys) else { return settings }
    if let text = r.string(m, "family", at: "simulator", required: false) {
      if let family = SimulationSettings.Family(rawValue: text) {
        settings.family = family
      } else {
        let names = SimulationSettings.Family.allCases.map(\.rawValue).joined(separator: ", ")
        r.report("simulator.family", "must be one of \(names), got '\(text)'", m["family"])
      }
    }
    let fields: [(String, ClosedRange<Int>, WritableKeyPath<SimulationSettings, Int>)] = [
      ("load_queue_depth", 1...1 << 20, \.loadQueueDepth), ("execute_queue_depth", 1...1 << 20, \.executeQueueDepth),
      ("store_queue_depth", 1...1 << 20, \.storeQueueDepth), ("dma_request_bytes", 1...1 << 30, \.dmaRequestBytes),
      ("dma_outstanding_requests", 1...1 << 20, \.dmaOutstandingRequests),
      ("compute_latency_cycles", 0...maxCount, \.computeLatencyCycles), ("register_groups", 1...64, \.registerGroups),
      ("interrupt_cycles", 0...maxCount, \.interruptCycles),
    ]
    for (key, range, path) in fields where m[key] != nil {
      if let value = r.int(m, key, at: "simulator", in: range) { settings[keyPath: path] = value }
    }
    return settings
  }

  private static func checkUnique(_ names: [String], _ section: String, _ r: inout YAMLReader) {
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted { r.report(section, "two entries are named '\(name)'") }
  }

  /// Reports every op of a vector unit's list that is no op of the IR, with the op meant when
  /// only its case differs: a misspelt op would otherwise silently go to the host.
  private static func checkOps(_ items: [Node], at path: String, _ knownOps: Set<String>, _ r: inout YAMLReader) {
    for (index, item) in items.enumerated() {
      guard case .scalar(let scalar) = item, !scalar.string.isEmpty, !knownOps.contains(scalar.string) else { continue }
      let meant = knownOps.sorted().first { $0.lowercased() == scalar.string.lowercased() }
      r.report(
        "\(YAMLReader.join(path, "ops"))[\(index)]",
        "unknown op '\(scalar.string)'"
          + (meant.map { " (did you mean '\($0)'?)" } ?? " (ops are the IR's names: relu, maxPool, add, …)"),
        item)
    }
  }

  private static func readComputeUnit(
    _ node: Node, at path: String, _ r: inout YAMLReader, knownOps: Set<String>?
  ) -> ComputeUnit? {
    guard case .mapping(let raw) = node, case .scalar(let kind)? = raw["kind"] else {
      r.report(path, "must be a mapping with a 'kind' (systolic, mac_cells, row_stationary, vector or host)", node)
      return nil
    }
    switch kind.string {
    case "systolic":
      guard let m = r.mapping(node, at: path, allowed: systolicKeys) else { return nil }
      let name = r.string(m, "name", at: path)
      let rows = r.int(m, "rows", at: path, in: 1...65536)
      let cols = r.int(m, "cols", at: path, in: 1...65536)
      let dataflows = r.list(m, "dataflows", at: path) { Dataflow(rawValue: $0) }
      let rates = rateTable(m, "macs_per_pe_per_cycle", at: path, &r)
      let accumulator = r.int(m, "accumulator_bits", at: path, in: 1...128)
      let fill = r.int(m, "fill_drain_cycles", at: path, in: 0...maxCount)
      let layout = readLayout(m, at: path, &r)
      if dataflows?.isEmpty == true { r.report(YAMLReader.join(path, "dataflows"), "must name at least one dataflow") }
      guard let name, let rows, let cols, let dataflows, let rates, let accumulator, let fill else { return nil }
      let unit = SystolicUnit(
        rows: rows, cols: cols, dataflows: dataflows, macsPerPEPerCycle: rates, accumulatorBits: accumulator,
        fillDrainCycles: fill, layout: layout)
      return ComputeUnit(name: name, kind: .systolic(unit))
    case "row_stationary":
      guard let m = r.mapping(node, at: path, allowed: rowStationaryKeys) else { return nil }
      let name = r.string(m, "name", at: path)
      let rows = r.int(m, "rows", at: path, in: 1...65536)
      let cols = r.int(m, "cols", at: path, in: 1...65536)
      let filter = r.int(m, "filter_spad_words", at: path, in: 1...maxCount)
      let ifmap = r.int(m, "ifmap_spad_words", at: path, in: 1...maxCount)
      let psum = r.int(m, "psum_spad_words", at: path, in: 1...maxCount)
      let rates = rateTable(m, "macs_per_pe_per_cycle", at: path, &r)
      let layout = readLayout(m, at: path, &r)
      let coding = m["run_length_coding"].flatMap {
        readRunLengthCoding($0, at: YAMLReader.join(path, "run_length_coding"), &r)
      }
      guard let name, let rows, let cols, let filter, let ifmap, let psum, let rates else { return nil }
      let unit = RowStationaryUnit(
        rows: rows, cols: cols, filterSpadWords: filter, ifmapSpadWords: ifmap, psumSpadWords: psum,
        macsPerPEPerCycle: rates, layout: layout, runLengthCoding: coding)
      return ComputeUnit(name: name, kind: .rowStationary(unit))
    case "mac_cells":
      guard let m = r.mapping(node, at: path, allowed: macCellKeys) else { return nil }
      let name = r.string(m, "name", at: path)
      let atomicC = r.int(m, "atomic_c", at: path, in: 1...65536)
      let atomicK = r.int(m, "atomic_k", at: path, in: 1...65536)
      let rates = rateTable(m, "macs_per_cycle", at: path, &r)
      let winograd = r.bool(m, "winograd", at: path)
      let alignment = r.int(m, "output_channel_alignment", at: path, in: 1...65536)
      let inputAlignment =
        m["input_channel_alignment"] == nil ? atomicC : r.int(m, "input_channel_alignment", at: path, in: 1...65536)
      let bufferText = r.string(m, "buffer_model", at: path)
      let bufferModel = bufferText.flatMap { NVDLAConfiguration.BufferModel(rawValue: $0) }
      let layout = readLayout(m, at: path, &r)
      if let bufferText, bufferModel == nil {
        r.report(
          YAMLReader.join(path, "buffer_model"),
          "must be resident_with_refetch, resident_by_minimum_slice or stream_once, got '\(bufferText)'")
      }
      guard let name, let atomicC, let atomicK, let rates, let winograd, let alignment, let inputAlignment,
        let bufferModel
      else {
        return nil
      }
      let unit = MACCellUnit(
        atomicC: atomicC, atomicK: atomicK, macsPerCycle: rates.mapValues { Int(min($0, 1e15).rounded(.up)) },
        winograd: winograd,
        outputChannelAlignment: alignment, inputChannelAlignment: inputAlignment, bufferModel: bufferModel,
        layout: layout)
      return ComputeUnit(name: name, kind: .macCells(unit))
    case "vector":
      guard let m = r.mapping(node, at: path, allowed: vectorKeys) else { return nil }
      let name = r.string(m, "name", at: path)
      let lanes = r.int(m, "lanes", at: path, in: 1...1 << 20)
      let rate = r.number(m, "ops_per_lane_per_cycle", at: path, above: 0)
      let ops = r.list(m, "ops", at: path) { $0.isEmpty ? nil : $0 }
      if let knownOps, case .sequence(let items)? = m["ops"] { checkOps(Array(items), at: path, knownOps, &r) }
      guard let name, let lanes, let rate, let ops else { return nil }
      return ComputeUnit(name: name, kind: .vector(VectorUnit(lanes: lanes, opsPerLanePerCycle: rate, ops: ops)))
    case "host":
      guard let m = r.mapping(node, at: path, allowed: hostKeys) else { return nil }
      let name = r.string(m, "name", at: path)
      let rate = r.number(m, "ops_per_second", at: path, above: 0)
      let link = r.number(m, "link_bytes_per_cycle", at: path, above: 0, required: false)
      let latency = r.int(m, "link_latency_cycles", at: path, in: 0...maxCount, required: false)
      if m["link_latency_cycles"] != nil, m["link_bytes_per_cycle"] == nil {
        r.report(YAMLReader.join(path, "link_latency_cycles"), "needs link_bytes_per_cycle (a link without bandwidth)")
      }
      let cpu = m["cpu"].flatMap { CPUSchema.read($0, at: YAMLReader.join(path, "cpu"), &r) }
      guard let name, let rate else { return nil }
      let host = HostUnit(
        opsPerSecond: rate, link: link.map { HostUnit.Link(bytesPerCycle: $0, latencyCycles: latency ?? 0) }, cpu: cpu)
      return ComputeUnit(name: name, kind: .host(host))
    default:
      r.report(YAMLReader.join(path, "kind"), "must be systolic, mac_cells, vector or host, got '\(kind.string)'", node)
      return nil
    }
  }

  /// The optional `layout` key (`nil` when absent; an invalid one is reported, which fails the load).
  /// `{run_bits: 5, level_bits: 16, pairs_per_word: 3, word_bits: 64}`: the pairs must fit the word.
  private static func readRunLengthCoding(_ node: Node, at path: String, _ r: inout YAMLReader) -> RunLengthCoding? {
    guard let m = r.mapping(node, at: path, allowed: runLengthKeys) else { return nil }
    let run = r.int(m, "run_bits", at: path, in: 1...16)
    let level = r.int(m, "level_bits", at: path, in: 1...64)
    let pairs = r.int(m, "pairs_per_word", at: path, in: 1...64)
    let word = r.int(m, "word_bits", at: path, in: 1...1024)
    guard let run, let level, let pairs, let word else { return nil }
    guard pairs * (run + level) <= word else {
      r.report(path, "\(pairs) pairs of \(run) + \(level) bits do not fit a \(word)-bit word", node)
      return nil
    }
    return RunLengthCoding(runBits: run, levelBits: level, pairsPerWord: pairs, wordBits: word)
  }

  private static func readLayout(_ map: [String: Node], at path: String, _ r: inout YAMLReader) -> TensorLayout? {
    guard let text = r.string(map, "layout", at: path, required: false) else { return nil }
    guard let layout = TensorLayout(text) else {
      r.report(YAMLReader.join(path, "layout"), "must be \(TensorLayout.syntax), got '\(text)'", map["layout"])
      return nil
    }
    return layout
  }

  /// `{int8: 2048, fp16: 1024}`: a positive rate per element type.
  static func rateTable(
    _ map: [String: Node], _ key: String, at path: String, _ r: inout YAMLReader
  ) -> [ElementType: Double]? {
    let child = YAMLReader.join(path, key)
    guard let node = map[key] else {
      r.report(child, "is required")
      return nil
    }
    guard let table = r.mapping(node, at: child, allowed: ElementType.allCases.map(\.rawValue)) else { return nil }
    var rates: [ElementType: Double] = [:]
    for type in ElementType.allCases where table[type.rawValue] != nil {
      if let rate = r.number(table, type.rawValue, at: child, above: 0) { rates[type] = rate }
    }
    if table.isEmpty { r.report(child, "must give at least one element type") }
    return rates
  }

  private static func readMemoryLevel(_ node: Node, at path: String, _ r: inout YAMLReader) -> MemoryLevel? {
    guard let m = r.mapping(node, at: path, allowed: memoryKeys) else { return nil }
    let name = r.string(m, "name", at: path)
    let size = r.int(m, "size_bytes", at: path, in: 1...maxBytes)
    let latency = r.int(m, "latency_cycles", at: path, in: 0...maxCount)
    let doubleBuffered = r.bool(m, "double_buffered", at: path)
    let holds = r.list(m, "holds", at: path) { OperandRole(rawValue: $0) }
    var read: Double?
    var write: Double?
    let shared = m["bandwidth_bytes_per_cycle"] != nil
    if shared {
      if m["read_bytes_per_cycle"] != nil || m["write_bytes_per_cycle"] != nil {
        r.report(path, "give bandwidth_bytes_per_cycle (shared) or read_/write_bytes_per_cycle, not both")
      }
      read = r.number(m, "bandwidth_bytes_per_cycle", at: path, above: 0)
      write = read
    } else if m["read_bytes_per_cycle"] == nil && m["write_bytes_per_cycle"] == nil {
      r.report(path, "needs bandwidth_bytes_per_cycle, or read_bytes_per_cycle and write_bytes_per_cycle")
    } else {
      read = r.number(m, "read_bytes_per_cycle", at: path, above: 0)
      write = r.number(m, "write_bytes_per_cycle", at: path, above: 0)
    }
    if holds?.isEmpty == true { r.report(YAMLReader.join(path, "holds"), "must name at least one operand role") }
    guard let name, let size, let latency, let doubleBuffered, let holds, let read, let write
    else {
      return nil
    }
    return MemoryLevel(
      name: name, sizeBytes: size, readBytesPerCycle: read, writeBytesPerCycle: write,
      sharedBandwidth: shared, latencyCycles: latency, doubleBuffered: doubleBuffered, holds: holds)
  }
}
