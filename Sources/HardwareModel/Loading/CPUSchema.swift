import Yams

/// The `cpu:` section of a host unit (`docs/targets.md`).
enum CPUSchema {
  static let keys = [
    "cores", "clock_mhz", "simd_lanes", "fma_per_cycle", "caches", "dram_bytes_per_second", "efficiency",
    "kernel_overhead_ns", "gemm_block_rows", "gemm_block_cols", "im2col",
  ]
  static let cacheKeys = ["name", "size_bytes", "bytes_per_cycle"]

  /// A `cpu:` mapping, or the name of a target (built-in or file) whose host's CPU to use
  /// (`cpu: host-cpu`, `--set compute.host.cpu=my-cpu.yaml`); that target must define its CPU
  /// in place (no chains of references).
  static func read(_ node: Node, at path: String, _ r: inout YAMLReader) -> CPUModel? {
    if case .scalar(let scalar) = node { return reference(scalar.string, at: path, node, &r) }
    guard let m = r.mapping(node, at: path, allowed: keys) else { return nil }
    let cores = r.int(m, "cores", at: path, in: 1...65536)
    let clock = r.number(m, "clock_mhz", at: path, above: 0)
    let lanes = r.int(m, "simd_lanes", at: path, in: 1...1024)
    let fma = r.number(m, "fma_per_cycle", at: path, above: 0)
    let dram = r.number(m, "dram_bytes_per_second", at: path, above: 0)
    let overhead = r.number(m, "kernel_overhead_ns", at: path, above: 0, inclusive: true)
    let caches = r.elements(m, "caches", at: path).compactMap { (cachePath, node) -> CPUModel.Cache? in
      guard let c = r.mapping(node, at: cachePath, allowed: cacheKeys) else { return nil }
      let name = r.string(c, "name", at: cachePath)
      let size = r.int(c, "size_bytes", at: cachePath, in: 1...AcceleratorSchema.maxBytes)
      let bandwidth = r.number(c, "bytes_per_cycle", at: cachePath, above: 0)
      guard let name, let size, let bandwidth else { return nil }
      return CPUModel.Cache(name: name, sizeBytes: size, bytesPerCycle: bandwidth)
    }
    let efficiency = readEfficiency(m, at: YAMLReader.join(path, "efficiency"), &r)
    let blockRows = r.int(m, "gemm_block_rows", at: path, in: 1...4096, required: false) ?? 1
    let blockCols = r.int(m, "gemm_block_cols", at: path, in: 1...4096, required: false) ?? 1
    let im2col = r.bool(m, "im2col", at: path, required: false) ?? false
    guard let cores, let clock, let lanes, let fma, let dram, let overhead, let efficiency else { return nil }
    var cpu = CPUModel(
      cores: cores, clockMHz: clock, simdLanes: lanes, fmaPerCycle: fma, caches: caches, dramBytesPerSecond: dram,
      efficiency: efficiency, kernelOverheadNs: overhead)
    (cpu.gemmBlockRows, cpu.gemmBlockCols, cpu.im2col) = (blockRows, blockCols, im2col)
    return cpu
  }

  private static func reference(_ target: String, at path: String, _ node: Node, _ r: inout YAMLReader) -> CPUModel? {
    do {
      let (text, file) = try BuiltinTargets.text(of: target)
      let parsed = try AcceleratorLoader.parse(text, file: file)
      if case .mapping(let top) = parsed, case .sequence(let units)? = top["compute"],
        units.contains(where: { if case .mapping(let u) = $0, case .scalar? = u["cpu"] { true } else { false } })
      {
        r.report(path, "'\(target)' names its CPU by reference too; name a target that defines it", node)
        return nil
      }
      let accelerator = try AcceleratorLoader.build(parsed, file: file, overrides: [], knownOps: nil)
      for unit in accelerator.computeUnits {
        if case .host(let host) = unit.kind, let cpu = host.cpu { return cpu }
      }
      r.report(path, "'\(target)' has no host unit with a cpu: section", node)
    } catch { r.report(path, "cannot use '\(target)': \(error.description)", node) }
    return nil
  }

  /// One fraction in (0, 1] per op class, every class named.
  private static func readEfficiency(_ map: [String: Node], at path: String, _ r: inout YAMLReader)
    -> [HostOpClass: Double]?
  {
    guard let node = map["efficiency"] else {
      r.report(path, "is required")
      return nil
    }
    let names = HostOpClass.allCases.map(\.rawValue)
    guard let m = r.mapping(node, at: path, allowed: names) else { return nil }
    var result: [HostOpClass: Double] = [:]
    for opClass in HostOpClass.allCases {
      guard let value = r.number(m, opClass.rawValue, at: path, above: 0) else { continue }
      if value > 1 {
        r.report(YAMLReader.join(path, opClass.rawValue), "must be at most 1, got \(value)", m[opClass.rawValue])
      }
      result[opClass] = value
    }
    return result.count == HostOpClass.allCases.count ? result : nil
  }

  static func write(_ cpu: CPUModel, number: (Double) -> Node, int: (Int) -> Node, mapping: ([(String, Node)]) -> Node)
    -> Node
  {
    mapping([
      ("cores", int(cpu.cores)), ("clock_mhz", number(cpu.clockMHz)), ("simd_lanes", int(cpu.simdLanes)),
      ("fma_per_cycle", number(cpu.fmaPerCycle)),
      (
        "caches",
        Node(
          cpu.caches.map {
            mapping([
              ("name", Node($0.name)), ("size_bytes", int($0.sizeBytes)), ("bytes_per_cycle", number($0.bytesPerCycle)),
            ])
          })
      ),
      ("dram_bytes_per_second", number(cpu.dramBytesPerSecond)),
      ("efficiency", mapping(HostOpClass.allCases.map { ($0.rawValue, number(cpu.efficiency[$0] ?? 1)) })),
      ("kernel_overhead_ns", number(cpu.kernelOverheadNs)), ("gemm_block_rows", int(cpu.gemmBlockRows)),
      ("gemm_block_cols", int(cpu.gemmBlockCols)), ("im2col", Node(cpu.im2col ? "true" : "false")),
    ])
  }
}
