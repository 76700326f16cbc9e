/// Output shapes of matrix products.
enum MatrixShapes {
  static func gemm(_ a: GemmAttributes, _ x: TensorType, _ y: TensorType, _ c: TensorType?) throws(IRError)
    -> TensorType
  {
    try require(x.rank == 2 && y.rank == 2, "Gemm needs 2-D operands, got \(x) and \(y)")
    try require(x.dtype == y.dtype, "operand dtypes differ: \(x) and \(y)")
    let (m, k) = a.transA ? (x.shape[1], x.shape[0]) : (x.shape[0], x.shape[1])
    let (k2, n) = a.transB ? (y.shape[1], y.shape[0]) : (y.shape[0], y.shape[1])
    try require(k == k2, "inner dimensions differ: \(x) and \(y) (transA \(a.transA), transB \(a.transB))")
    if let c {
      let broadcast = try Broadcast.shape(c.shape, [m, n])
      try require(broadcast == [m, n], "C \(c) does not broadcast to [\(m),\(n)]")
      try require(c.dtype == x.dtype, "C \(c) and A \(x) differ in dtype")
    }
    return TensorType(x.dtype, [m, n])
  }

  /// Numpy `matmul` shapes: 1-D operands are promoted and the added axis removed.
  static func matMul(_ a: Shape, _ b: Shape) throws(IRError) -> Shape {
    try require(!a.isEmpty && !b.isEmpty, "MatMul operands must not be scalars: \(a) and \(b)")
    let left = a.count == 1 ? [1] + a : a
    let right = b.count == 1 ? b + [1] : b
    let k = left[left.count - 1]
    try require(k == right[right.count - 2], "inner dimensions differ: \(a) and \(b)")
    var shape = try Broadcast.shape(Array(left.dropLast(2)), Array(right.dropLast(2)))
    if a.count > 1 { shape.append(left[left.count - 2]) }
    if b.count > 1 { shape.append(right[right.count - 1]) }
    return shape
  }
}
