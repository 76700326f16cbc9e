import Yams

/// The `technology_nm` key and the `energy:` and `area:` sections (docs/energy.md).
enum EnergySchema {
  static let energyKeys = [
    "reference_nm", "mac_pj", "register_pj_per_byte", "levels", "static_mw", "host_op_pj",
  ]
  static let areaKeys = [
    "reference_nm", "mac_um2", "register_um2_per_byte", "sram_mm2_per_kib", "sram_exponent", "vector_lane_um2",
    "host_mm2", "fixed_mm2",
  ]
  static let nodeRange = 1.0...1000.0

  static func readNode(_ top: [String: Node], _ r: inout YAMLReader) -> Double? {
    guard top["technology_nm"] != nil else { return nil }
    return r.number(top, "technology_nm", at: "", above: 0).flatMap { node(at: "technology_nm", $0, top, &r) }
  }

  private static func node(_ map: [String: Node], _ key: String, at path: String, _ r: inout YAMLReader) -> Double? {
    guard map[key] != nil else { return nil }
    return r.number(map, key, at: path, above: 0).flatMap { node(at: YAMLReader.join(path, key), $0, map, &r) }
  }

  private static func node(at path: String, _ value: Double, _ map: [String: Node], _ r: inout YAMLReader) -> Double? {
    guard nodeRange.contains(value) else {
      r.report(path, "must be a process node in 1...1000 nm, got \(value.formatted())")
      return nil
    }
    return value
  }

  /// The `energy:` section; `levels` and `units` name the target's memory levels and compute
  /// units, which the section's keys must refer to.
  static func readEnergy(_ node: Node, levels: [String], units: [String], _ r: inout YAMLReader) -> EnergySpec {
    var spec = EnergySpec()
    guard let m = r.mapping(node, at: "energy", allowed: energyKeys) else { return spec }
    spec.referenceNm = self.node(m, "reference_nm", at: "energy", &r)
    if m["mac_pj"] != nil { spec.macPJ = AcceleratorSchema.rateTable(m, "mac_pj", at: "energy", &r) ?? [:] }
    if m["register_pj_per_byte"] != nil {
      spec.registerPJPerByte = r.number(m, "register_pj_per_byte", at: "energy", above: 0, inclusive: true)
    }
    if m["host_op_pj"] != nil { spec.hostOpPJ = r.number(m, "host_op_pj", at: "energy", above: 0, inclusive: true) }
    if let levelsNode = m["levels"], let table = r.mapping(levelsNode, at: "energy.levels", allowed: levels) {
      for (name, entry) in table.sorted(by: { $0.key < $1.key }) {
        let path = "energy.levels.\(name)"
        guard let e = r.mapping(entry, at: path, allowed: ["read_pj_per_byte", "write_pj_per_byte"]) else { continue }
        let read = r.number(e, "read_pj_per_byte", at: path, above: 0, inclusive: true)
        let write = r.number(e, "write_pj_per_byte", at: path, above: 0, inclusive: true)
        if let read, let write { spec.levels[name] = LevelEnergy(readPJPerByte: read, writePJPerByte: write) }
      }
    }
    if let staticNode = m["static_mw"],
      let table = r.mapping(staticNode, at: "energy.static_mw", allowed: units + levels)
    {
      for name in table.keys.sorted() {
        if let power = r.number(table, name, at: "energy.static_mw", above: 0, inclusive: true) {
          spec.staticMW[name] = power
        }
      }
    }
    return spec
  }

  static func readArea(_ node: Node, _ r: inout YAMLReader) -> AreaSpec {
    var spec = AreaSpec()
    guard let m = r.mapping(node, at: "area", allowed: areaKeys) else { return spec }
    spec.referenceNm = self.node(m, "reference_nm", at: "area", &r)
    if m["mac_um2"] != nil { spec.macUM2 = AcceleratorSchema.rateTable(m, "mac_um2", at: "area", &r) ?? [:] }
    func optional(_ key: String, above minimum: Double = 0, inclusive: Bool = true) -> Double? {
      m[key] == nil ? nil : r.number(m, key, at: "area", above: minimum, inclusive: inclusive)
    }
    spec.registerUM2PerByte = optional("register_um2_per_byte")
    spec.sramMM2PerKiB = optional("sram_mm2_per_kib", inclusive: false)
    spec.sramExponent = optional("sram_exponent", inclusive: false)
    if let exponent = spec.sramExponent, exponent > 2 {
      r.report("area.sram_exponent", "must be at most 2, got \(exponent.formatted())")
    }
    spec.vectorLaneUM2 = optional("vector_lane_um2")
    spec.hostMM2 = optional("host_mm2")
    spec.fixedMM2 = optional("fixed_mm2")
    return spec
  }
}
