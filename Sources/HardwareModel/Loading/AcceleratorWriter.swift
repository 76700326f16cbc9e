import Yams

/// Writes an `Accelerator` as a target file in the schema's key order; loading the result
/// gives the same accelerator (what `tessera targets show` prints).
public enum AcceleratorWriter {
  public static func yaml(_ a: Accelerator) -> String {
    var top: [(String, Node)] = [("name", Node(a.name))]
    if !a.summary.isEmpty { top.append(("summary", Node(a.summary))) }
    top.append(("clock_mhz", number(a.clockMHz)))
    top.append(("technology_nm", number(a.technologyNm)))
    top.append(("compute", .sequence(Node.Sequence(a.computeUnits.map(compute)))))
    top.append(("memory", .sequence(Node.Sequence(a.memoryLevels.map(memory)))))
    top.append(
      (
        "overheads",
        mapping([
          ("kernel_cycles", Node(String(a.overheads.kernelCycles))),
          ("command_cycles", Node(String(a.overheads.commandCycles))),
        ])
      ))
    top.append(("simulator", simulator(a.simulation)))
    if !a.energy.isEmpty { top.append(("energy", energy(a.energy))) }
    if !a.area.isEmpty { top.append(("area", area(a.area))) }
    if !a.freeParameters.isEmpty {
      let free = a.freeParameters.map { ($0.path, list([number($0.lower), number($0.upper)].compactMap(\.string))) }
      top.append(("calibration", mapping([("free", mapping(free))])))
    }
    return (try? Yams.serialize(node: mapping(top), width: -1, sortKeys: false)) ?? ""
  }

  private static func simulator(_ s: SimulationSettings) -> Node {
    var pairs: [(String, Node)] = s.family.map { [("family", Node($0.rawValue))] } ?? []
    pairs += [
      ("load_queue_depth", int(s.loadQueueDepth)), ("execute_queue_depth", int(s.executeQueueDepth)),
      ("store_queue_depth", int(s.storeQueueDepth)), ("dma_request_bytes", int(s.dmaRequestBytes)),
      ("dma_outstanding_requests", int(s.dmaOutstandingRequests)),
      ("compute_latency_cycles", int(s.computeLatencyCycles)), ("register_groups", int(s.registerGroups)),
      ("interrupt_cycles", int(s.interruptCycles)),
    ]
    return mapping(pairs)
  }

  private static func energy(_ e: EnergySpec) -> Node {
    var pairs: [(String, Node)] = []
    if let node = e.referenceNm { pairs.append(("reference_nm", number(node))) }
    if !e.macPJ.isEmpty { pairs.append(("mac_pj", rates(e.macPJ))) }
    if let value = e.registerPJPerByte { pairs.append(("register_pj_per_byte", number(value))) }
    if !e.levels.isEmpty {
      pairs.append(
        (
          "levels",
          mapping(
            e.levels.sorted { $0.key < $1.key }.map { name, level in
              (
                name,
                flow([
                  ("read_pj_per_byte", number(level.readPJPerByte)),
                  ("write_pj_per_byte", number(level.writePJPerByte)),
                ])
              )
            })
        ))
    }
    if !e.staticMW.isEmpty {
      pairs.append(("static_mw", flow(e.staticMW.sorted { $0.key < $1.key }.map { ($0.key, number($0.value)) })))
    }
    if let value = e.hostOpPJ { pairs.append(("host_op_pj", number(value))) }
    return mapping(pairs)
  }

  private static func area(_ a: AreaSpec) -> Node {
    var pairs: [(String, Node)] = []
    if let node = a.referenceNm { pairs.append(("reference_nm", number(node))) }
    if !a.macUM2.isEmpty { pairs.append(("mac_um2", rates(a.macUM2))) }
    let optional: [(String, Double?)] = [
      ("register_um2_per_byte", a.registerUM2PerByte), ("sram_mm2_per_kib", a.sramMM2PerKiB),
      ("sram_exponent", a.sramExponent), ("vector_lane_um2", a.vectorLaneUM2), ("host_mm2", a.hostMM2),
      ("fixed_mm2", a.fixedMM2),
    ]
    pairs += optional.compactMap { key, value in value.map { (key, number($0)) } }
    return mapping(pairs)
  }

  private static func flow(_ pairs: [(String, Node)]) -> Node {
    .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }, Tag(.map), .flow))
  }

  private static func mapping(_ pairs: [(String, Node)]) -> Node {
    .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }))
  }

  private static func number(_ value: Double) -> Node {
    value == value.rounded() && abs(value) < 1e15 ? Node(String(Int(value))) : Node(String(value))
  }

  private static func int(_ value: Int) -> Node { Node(String(value)) }

  private static func list(_ names: [String]) -> Node {
    .sequence(Node.Sequence(names.map { Node($0) }, Tag(.seq), .flow))
  }

  private static func rates(_ table: [ElementType: Double]) -> Node {
    let pairs = ElementType.allCases.compactMap { type in table[type].map { (Node(type.rawValue), number($0)) } }
    return .mapping(Node.Mapping(pairs, Tag(.map), .flow))
  }

  private static func compute(_ unit: ComputeUnit) -> Node {
    var pairs: [(String, Node)] = [("name", Node(unit.name))]
    switch unit.kind {
    case .systolic(let s):
      pairs += [
        ("kind", Node("systolic")), ("rows", int(s.rows)), ("cols", int(s.cols)),
        ("dataflows", list(s.dataflows.map(\.rawValue))), ("macs_per_pe_per_cycle", rates(s.macsPerPEPerCycle)),
        ("accumulator_bits", int(s.accumulatorBits)), ("fill_drain_cycles", int(s.fillDrainCycles)),
      ]
      if let layout = s.layout { pairs.append(("layout", Node(layout.description))) }
    case .rowStationary(let u):
      pairs += [
        ("kind", Node("row_stationary")), ("rows", int(u.rows)), ("cols", int(u.cols)),
        ("filter_spad_words", int(u.filterSpadWords)), ("ifmap_spad_words", int(u.ifmapSpadWords)),
        ("psum_spad_words", int(u.psumSpadWords)), ("macs_per_pe_per_cycle", rates(u.macsPerPEPerCycle)),
      ]
      if let layout = u.layout { pairs.append(("layout", Node(layout.description))) }
      if let c = u.runLengthCoding {
        pairs.append(
          (
            "run_length_coding",
            mapping([
              ("run_bits", int(c.runBits)), ("level_bits", int(c.levelBits)), ("pairs_per_word", int(c.pairsPerWord)),
              ("word_bits", int(c.wordBits)),
            ])
          ))
      }
    case .macCells(let c):
      pairs += [
        ("kind", Node("mac_cells")), ("atomic_c", int(c.atomicC)), ("atomic_k", int(c.atomicK)),
        ("macs_per_cycle", rates(c.macsPerCycle.mapValues { Double($0) })),
        ("winograd", Node(c.winograd ? "true" : "false")),
        ("output_channel_alignment", int(c.outputChannelAlignment)),
        ("input_channel_alignment", int(c.inputChannelAlignment)), ("buffer_model", Node(c.bufferModel.rawValue)),
      ]
      if let layout = c.layout { pairs.append(("layout", Node(layout.description))) }
    case .vector(let v):
      pairs += [
        ("kind", Node("vector")), ("lanes", int(v.lanes)), ("ops_per_lane_per_cycle", number(v.opsPerLanePerCycle)),
        ("ops", list(v.ops)),
      ]
    case .host(let h):
      pairs += [("kind", Node("host")), ("ops_per_second", number(h.opsPerSecond))]
      if let link = h.link {
        pairs += [
          ("link_bytes_per_cycle", number(link.bytesPerCycle)), ("link_latency_cycles", int(link.latencyCycles)),
        ]
      }
      if let cpu = h.cpu { pairs.append(("cpu", CPUSchema.write(cpu, number: number, int: int, mapping: mapping))) }
    }
    return mapping(pairs)
  }

  private static func memory(_ level: MemoryLevel) -> Node {
    var pairs: [(String, Node)] = [
      ("name", Node(level.name)), ("size_bytes", int(level.sizeBytes)),
    ]
    if level.sharedBandwidth {
      pairs.append(("bandwidth_bytes_per_cycle", number(level.readBytesPerCycle)))
    } else {
      pairs += [
        ("read_bytes_per_cycle", number(level.readBytesPerCycle)),
        ("write_bytes_per_cycle", number(level.writeBytesPerCycle)),
      ]
    }
    pairs += [
      ("latency_cycles", int(level.latencyCycles)), ("double_buffered", Node(level.doubleBuffered ? "true" : "false")),
      ("holds", list(level.holds.map(\.rawValue))),
    ]
    return mapping(pairs)
  }
}
