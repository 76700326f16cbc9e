import GraphIR

/// A tensor the interpreter computes with: a dtype, a shape and its elements in row-major
/// order, held in one of three Swift arrays.
///
/// `float32`, `float16` and `bfloat16` live in `[Float]` (half-precision values are rounded
/// to their dtype whenever an op produces them: fp16 *storage*, fp32 arithmetic); `float64`
/// in `[Double]`; every integer dtype and `bool` in `[Int64]`, wrapped to the dtype's width
/// (`uint64` as its bit pattern).
public struct NDArray: Sendable, Equatable {
  public enum Storage: Sendable, Equatable {
    case float([Float])
    case double([Double])
    case int([Int64])
  }

  public private(set) var dtype: DType
  public private(set) var shape: [Int]
  public private(set) var storage: Storage

  /// An array of `dtype` whose storage already has the right kind and element count.
  init(unchecked dtype: DType, _ shape: [Int], _ storage: Storage) {
    self.dtype = dtype
    self.shape = shape
    self.storage = storage
  }

  public var count: Int { shape.elementCount }
  public var rank: Int { shape.count }
  public var type: TensorType { TensorType(dtype, shape) }
}

// MARK: - Construction

extension NDArray {
  /// Which storage case holds `dtype`.
  enum Kind { case float, double, int }

  static func kind(of dtype: DType) -> Kind {
    switch dtype {
    case .float32, .float16, .bfloat16: .float
    case .float64: .double
    default: .int
    }
  }

  /// `values` converted to `dtype` (rounded, wrapped or saturated as a Cast would).
  public init(_ dtype: DType, _ shape: [Int], floats values: [Float]) {
    switch Self.kind(of: dtype) {
    case .float:
      self.init(
        unchecked: dtype, shape,
        .float(dtype == .float32 ? values : values.map { Float(dtype.roundedToStorage(Double($0))) }))
    case .double: self.init(unchecked: dtype, shape, .double(values.map(Double.init)))
    case .int: self.init(unchecked: dtype, shape, .int(values.map { dtype.converted(Double($0)) }))
    }
  }

  /// `values` converted to `dtype`.
  public init(_ dtype: DType, _ shape: [Int], doubles values: [Double]) {
    switch Self.kind(of: dtype) {
    case .float: self.init(unchecked: dtype, shape, .float(values.map { Float(dtype.roundedToStorage($0)) }))
    case .double: self.init(unchecked: dtype, shape, .double(values))
    case .int: self.init(unchecked: dtype, shape, .int(values.map { dtype.converted($0) }))
    }
  }

  /// `values` converted to `dtype` (integers wrapped to its width).
  public init(_ dtype: DType, _ shape: [Int], ints values: [Int64]) {
    switch Self.kind(of: dtype) {
    case .float: self.init(unchecked: dtype, shape, .float(values.map { Float(dtype.roundedToStorage(Double($0))) }))
    case .double: self.init(unchecked: dtype, shape, .double(values.map(Double.init)))
    case .int: self.init(unchecked: dtype, shape, .int(values.map(dtype.wrapped)))
    }
  }

  /// The same storage with `dtype` and `shape` of equal element count (a reinterpretation
  /// only between dtypes of one storage kind).
  func with(shape: [Int]) -> NDArray { NDArray(unchecked: dtype, shape, storage) }

  /// An array of the same dtype and shape holding `storage`'s elements (same kind required).
  func with(storage: Storage) -> NDArray { NDArray(unchecked: dtype, shape, storage) }
}

extension DType {
  /// `value` converted to this integer dtype the way ONNX Cast does from a float:
  /// truncated toward zero, saturated to the range (NaN becomes 0).
  func converted(_ value: Double) -> Int64 {
    if self == .bool { return value != 0 ? 1 : 0 }
    guard !value.isNaN, let range = integerRange else { return 0 }
    let truncated = value.rounded(.towardZero)
    if self == .uint64 {
      if truncated <= 0 { return 0 }
      return truncated >= 1.8446744073709551615e19 ? -1 : Int64(bitPattern: UInt64(truncated))
    }
    if truncated >= range.upperBound { return self == .int64 ? .max : Int64(range.upperBound) }
    if truncated <= range.lowerBound { return self == .int64 ? .min : Int64(range.lowerBound) }
    return Int64(truncated)
  }
}

// MARK: - Reading

extension NDArray {
  /// Elements as `Float` (integers and doubles converted).
  public var floats: [Float] {
    switch storage {
    case .float(let v): v
    case .double(let v): v.map { Float($0) }
    case .int(let v): dtype == .uint64 ? v.map { Float(UInt64(bitPattern: $0)) } : v.map { Float($0) }
    }
  }

  /// Elements as `Double`.
  public var doubles: [Double] {
    switch storage {
    case .float(let v): v.map(Double.init)
    case .double(let v): v
    case .int(let v): dtype == .uint64 ? v.map { Double(UInt64(bitPattern: $0)) } : v.map { Double($0) }
    }
  }

  /// Elements as `Int64` (floats truncated and saturated).
  public var ints: [Int64] {
    switch storage {
    case .float(let v): v.map { DType.int64.converted(Double($0)) }
    case .double(let v): v.map { DType.int64.converted($0) }
    case .int(let v): v
    }
  }

  /// The elements at `indices` (row-major positions), in that order, with a new shape.
  func gathered(_ indices: [Int], shape: [Int]) -> NDArray {
    switch storage {
    case .float(let v): NDArray(unchecked: dtype, shape, .float(indices.map { v[$0] }))
    case .double(let v): NDArray(unchecked: dtype, shape, .double(indices.map { v[$0] }))
    case .int(let v): NDArray(unchecked: dtype, shape, .int(indices.map { v[$0] }))
    }
  }
}

// MARK: - Tensors

extension NDArray {
  /// The elements of a constant or input tensor.
  public init(_ tensor: Tensor) {
    let dtype = tensor.type.dtype
    let shape = tensor.type.shape
    switch Self.kind(of: dtype) {
    case .float:
      self.init(unchecked: dtype, shape, .float(tensor.float32Values() ?? tensor.doubles().map { Float($0) }))
    case .double: self.init(unchecked: dtype, shape, .double(tensor.doubles()))
    case .int: self.init(unchecked: dtype, shape, .int(tensor.integers()))
    }
  }

  /// The array as a dense `Tensor` of its dtype.
  public func tensor() throws(IRError) -> Tensor {
    switch storage {
    case .float(let v) where dtype == .float32: try Tensor(float32: shape, v)
    case .int(let v): try Tensor(dtype, shape, integers: v)
    default: try Tensor(dtype, shape, doubles: doubles)
    }
  }
}
