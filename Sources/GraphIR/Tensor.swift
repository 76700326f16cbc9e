import Foundation

/// A constant tensor: weights, biases and folded shape computations.
///
/// Storage is either one repeated element (`splat`: what `ConstantOfShape` makes, never
/// expanded in memory) or dense little-endian bytes in the dtype's native layout, kept as
/// `Data` so that importing large weights is a copy at most.
public struct Tensor: Hashable, Sendable {
  public enum Storage: Hashable, Sendable {
    /// Every element equals this one element (its bytes, `dtype.byteWidth` long).
    case splat(Data)
    /// All elements, row-major, `type.byteCount` bytes.
    case dense(Data)
  }

  public var type: TensorType
  public var storage: Storage

  public init(type: TensorType, storage: Storage) throws(IRError) {
    switch storage {
    case .splat(let bytes):
      try require(bytes.count == type.dtype.byteWidth, "splat of \(bytes.count) bytes for \(type.dtype.rawValue)")
    case .dense(let bytes):
      try require(
        bytes.count == type.byteCount,
        "\(type) needs \(type.byteCount) bytes, the data has \(bytes.count)")
    }
    self.type = type
    self.storage = storage
  }

  public var isSplat: Bool {
    if case .splat = storage { return true }
    return false
  }
}

// MARK: - Construction from Swift values

extension Tensor {
  /// A tensor of `dtype` and `shape` holding `values` (converted to `dtype`).
  public init(_ dtype: DType, _ shape: Shape, doubles values: [Double]) throws(IRError) {
    try require(values.count == shape.elementCount, "\(values.count) values for shape \(shape)")
    try self.init(type: TensorType(dtype, shape), storage: .dense(ElementCodec.encode(values, as: dtype)))
  }

  /// A tensor of `dtype` and `shape` holding `values` (converted to `dtype`).
  public init(_ dtype: DType, _ shape: Shape, integers values: [Int64]) throws(IRError) {
    try require(values.count == shape.elementCount, "\(values.count) values for shape \(shape)")
    try self.init(type: TensorType(dtype, shape), storage: .dense(ElementCodec.encode(values, as: dtype)))
  }

  /// A tensor of `shape` whose every element is `value` converted to `dtype`.
  public static func splat(_ dtype: DType, _ shape: Shape, _ value: Double) -> Tensor {
    Tensor(unchecked: TensorType(dtype, shape), .splat(ElementCodec.encode([value], as: dtype)))
  }

  init(unchecked type: TensorType, _ storage: Storage) {
    self.type = type
    self.storage = storage
  }
}

// MARK: - Reading elements

extension Tensor {
  /// All elements as `Double` (splats expanded). Use for small tensors only.
  public func doubles() -> [Double] {
    switch storage {
    case .splat(let bytes):
      [Double](repeating: ElementCodec.decodeDoubles(bytes, as: type.dtype).first ?? 0, count: type.elementCount)
    case .dense(let bytes): ElementCodec.decodeDoubles(bytes, as: type.dtype)
    }
  }

  /// All elements as `Int64` (floats truncated toward zero). Use for small tensors only.
  public func integers() -> [Int64] {
    switch storage {
    case .splat(let bytes):
      [Int64](repeating: ElementCodec.decodeIntegers(bytes, as: type.dtype).first ?? 0, count: type.elementCount)
    case .dense(let bytes): ElementCodec.decodeIntegers(bytes, as: type.dtype)
    }
  }

  /// The splat element, or the only element, as `Double`; `nil` for other tensors.
  public var scalarValue: Double? {
    switch storage {
    case .splat(let bytes): ElementCodec.decodeDoubles(bytes, as: type.dtype).first
    case .dense(let bytes): type.elementCount == 1 ? ElementCodec.decodeDoubles(bytes, as: type.dtype).first : nil
    }
  }

  /// The same elements viewed with another shape of equal element count.
  public func reshaped(_ shape: Shape) -> Tensor {
    Tensor(unchecked: TensorType(type.dtype, shape), storage)
  }
}

// MARK: - float32 fast path

extension Tensor {
  /// All elements of a float32 tensor as `Float` (splats expanded), without a Double detour.
  public func float32Values() -> [Float]? {
    guard type.dtype == .float32 else { return nil }
    switch storage {
    case .splat(let bytes):
      return [Float](repeating: ElementCodec.unpack(bytes, Float.self).first ?? 0, count: type.elementCount)
    case .dense(let bytes): return ElementCodec.unpack(bytes, Float.self)
    }
  }

  /// A dense float32 tensor.
  public init(float32 shape: Shape, _ values: [Float]) throws(IRError) {
    try require(values.count == shape.elementCount, "\(values.count) values for shape \(shape)")
    self.init(unchecked: TensorType(.float32, shape), .dense(ElementCodec.pack(values)))
  }
}
