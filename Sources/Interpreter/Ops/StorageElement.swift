import GraphIR

/// The element types of `NDArray.Storage` (`Float`, `Double`, `Int64`), so ops that only move
/// or combine elements are written once, generically, and dispatched on the storage kind.
protocol StorageElement {
  /// The elements of `storage` if it holds this type.
  static func values(of storage: NDArray.Storage) -> [Self]?
  /// `values` as storage of this kind.
  static func storage(_ values: [Self]) -> NDArray.Storage
  /// `values` converted to `dtype` (half-precision rounded, integers wrapped).
  static func array(_ dtype: DType, _ shape: [Int], _ values: [Self]) -> NDArray
}

extension Float: StorageElement {
  static func values(of storage: NDArray.Storage) -> [Float]? { if case .float(let v) = storage { v } else { nil } }
  static func storage(_ values: [Float]) -> NDArray.Storage { .float(values) }
  static func array(_ dtype: DType, _ shape: [Int], _ values: [Float]) -> NDArray {
    NDArray(dtype, shape, floats: values)
  }
}

extension Double: StorageElement {
  static func values(of storage: NDArray.Storage) -> [Double]? { if case .double(let v) = storage { v } else { nil } }
  static func storage(_ values: [Double]) -> NDArray.Storage { .double(values) }
  static func array(_ dtype: DType, _ shape: [Int], _ values: [Double]) -> NDArray {
    NDArray(dtype, shape, doubles: values)
  }
}

extension Int64: StorageElement {
  static func values(of storage: NDArray.Storage) -> [Int64]? { if case .int(let v) = storage { v } else { nil } }
  static func storage(_ values: [Int64]) -> NDArray.Storage { .int(values) }
  static func array(_ dtype: DType, _ shape: [Int], _ values: [Int64]) -> NDArray {
    NDArray(dtype, shape, ints: values)
  }
}

extension NDArray {
  /// The elements of every array in `arrays` as `T`, or an error if one is stored as another kind.
  static func elements<T: StorageElement>(_ arrays: [NDArray], as _: T.Type) throws(InterpreterError) -> [[T]] {
    let values = arrays.compactMap { T.values(of: $0.storage) }
    try check(values.count == arrays.count, "operands of different dtypes: \(arrays.map(\.dtype))")
    return values
  }
}
