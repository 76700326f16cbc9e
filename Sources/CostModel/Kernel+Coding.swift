import GraphIR
import HardwareModel

/// The JSON form of a kernel (the `kernel` object of a schedule file, `docs/schedule.md`):
/// snake_case keys, every key present (`null` when undecided).
extension Kernel: Codable {
  enum CodingKeys: String, CodingKey {
    case name, ops, work, tile, unit, layout
    case vectorOps = "vector_ops"
    case elementType = "element_type"
    case inputBytes = "input_bytes"
    case weightBytes = "weight_bytes"
    case outputBytes = "output_bytes"
    case fusedStages = "fused_stages"
    case layoutDependentBytes = "layout_dependent_bytes"
    case hostOperations = "host_operations"
    case inputZeroFraction = "input_zero_fraction"
    case outputZeroFraction = "output_zero_fraction"
    case hostClass = "host_class"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      name: try c.decode(String.self, forKey: .name), ops: try c.decode([String].self, forKey: .ops),
      work: try c.decode(Work.self, forKey: .work), elementType: try c.decode(ElementType.self, forKey: .elementType),
      inputBytes: try c.decode(Int.self, forKey: .inputBytes),
      weightBytes: try c.decode(Int.self, forKey: .weightBytes),
      outputBytes: try c.decode(Int.self, forKey: .outputBytes),
      fusedStages: try c.decode([FusedStage].self, forKey: .fusedStages),
      tile: try c.decodeIfPresent(Tile.self, forKey: .tile),
      placement: try c.decodeIfPresent(String.self, forKey: .unit).map(Placement.init),
      layout: try c.decodeIfPresent(TensorLayout.self, forKey: .layout),
      vectorOps: try c.decode([String].self, forKey: .vectorOps))
    layoutDependentBytes = try c.decode(Int.self, forKey: .layoutDependentBytes)
    hostOperations = try c.decode(Int.self, forKey: .hostOperations)
    inputZeroFraction = try c.decodeIfPresent(Double.self, forKey: .inputZeroFraction) ?? 0
    outputZeroFraction = try c.decodeIfPresent(Double.self, forKey: .outputZeroFraction) ?? 0
    hostClass = try c.decodeIfPresent(HostOpClass.self, forKey: .hostClass) ?? .elementwise
    guard (0...1).contains(inputZeroFraction), (0...1).contains(outputZeroFraction) else {
      throw DecodingError.dataCorruptedError(
        forKey: .inputZeroFraction, in: c, debugDescription: "zero fractions must lie in 0...1")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(ops, forKey: .ops)
    try c.encode(vectorOps, forKey: .vectorOps)
    try c.encode(work, forKey: .work)
    try c.encode(elementType, forKey: .elementType)
    try c.encode(inputBytes, forKey: .inputBytes)
    try c.encode(weightBytes, forKey: .weightBytes)
    try c.encode(outputBytes, forKey: .outputBytes)
    try c.encode(fusedStages, forKey: .fusedStages)
    try c.encode(tile, forKey: .tile)
    try c.encode(placement?.description, forKey: .unit)
    try c.encode(layout, forKey: .layout)
    try c.encode(layoutDependentBytes, forKey: .layoutDependentBytes)
    try c.encode(hostOperations, forKey: .hostOperations)
    try c.encode(inputZeroFraction, forKey: .inputZeroFraction)
    try c.encode(outputZeroFraction, forKey: .outputZeroFraction)
    try c.encode(hostClass, forKey: .hostClass)
  }
}

/// `{"kind": "convolution", "convolution": {…}}`, `{"kind": "matrix", "gemm": {…}, "batch": n}`,
/// `{"kind": "vector", "operations": n}`, `{"kind": "movement"}` or `{"kind": "free"}`.
extension Kernel.Work: Codable {
  enum CodingKeys: String, CodingKey { case kind, convolution, gemm, batch, operations }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(String.self, forKey: .kind) {
    case "convolution": self = .convolution(try c.decode(ConvolutionNest.self, forKey: .convolution))
    case "matrix":
      self = .matrix(try c.decode(GEMMShape.self, forKey: .gemm), batch: try c.decode(Int.self, forKey: .batch))
    case "vector": self = .vector(operations: try c.decode(Int.self, forKey: .operations))
    case "movement": self = .movement
    case "free": self = .free
    case let other:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c,
        debugDescription: "work kind '\(other)' is not convolution, matrix, vector, movement or free")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .convolution(let nest):
      try c.encode("convolution", forKey: .kind)
      try c.encode(nest, forKey: .convolution)
    case .matrix(let gemm, let batch):
      try c.encode("matrix", forKey: .kind)
      try c.encode(gemm, forKey: .gemm)
      try c.encode(batch, forKey: .batch)
    case .vector(let operations):
      try c.encode("vector", forKey: .kind)
      try c.encode(operations, forKey: .operations)
    case .movement: try c.encode("movement", forKey: .kind)
    case .free: try c.encode("free", forKey: .kind)
    }
  }
}

extension HostOpClass: Codable {}
