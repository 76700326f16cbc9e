import GraphIR
import Testing

/// Output shapes of Gemm, MatMul (and its quantized forms) and Einsum.
@Suite("Shape inference: matrix products")
struct MatrixShapeTests {
  static let gemm: [ShapeCase] = [
    ShapeCase("gemm plain", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16)], [f32(4, 16)]),
    ShapeCase("gemm transA", .gemm(GemmAttributes(transA: true)), [f32(8, 4), f32(8, 16)], [f32(4, 16)]),
    ShapeCase("gemm transB", .gemm(GemmAttributes(transB: true)), [f32(4, 8), f32(16, 8)], [f32(4, 16)]),
    ShapeCase(
      "gemm transA and transB", .gemm(GemmAttributes(transA: true, transB: true)), [f32(8, 4), f32(16, 8)],
      [f32(4, 16)]),
    ShapeCase(
      "gemm C [N] broadcasts", .gemm(GemmAttributes(transB: true)), [f32(1, 8), f32(10, 8), f32(10)],
      [f32(1, 10)]),
    ShapeCase(
      "gemm C [M,1] broadcasts", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), f32(4, 1)], [f32(4, 16)]),
    ShapeCase(
      "gemm C scalar broadcasts", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), f32()], [f32(4, 16)]),
    ShapeCase(
      "gemm C [M,N]", .gemm(GemmAttributes(beta: 0.5)), [f32(4, 8), f32(8, 16), f32(4, 16)], [f32(4, 16)]),
    ShapeCase("gemm absent C", .gemm(GemmAttributes()), [f32(4, 8), f32(8, 16), nil], [f32(4, 16)]),
  ]

  @Test("gemm", arguments: gemm)
  func gemmShapes(_ c: ShapeCase) { c.check() }

  static let matMul: [ShapeCase] = [
    ShapeCase("matMul 2-D", .matMul, [f32(3, 4), f32(4, 5)], [f32(3, 5)]),
    ShapeCase("matMul 1-D × 2-D drops the prepended axis", .matMul, [f32(4), f32(4, 5)], [f32(5)]),
    ShapeCase("matMul 2-D × 1-D drops the appended axis", .matMul, [f32(3, 4), f32(4)], [f32(3)]),
    ShapeCase("matMul 1-D × 1-D is a scalar", .matMul, [f32(4), f32(4)], [f32()]),
    ShapeCase("matMul 1-D × batched", .matMul, [f32(4), f32(2, 4, 6)], [f32(2, 6)]),
    ShapeCase("matMul batched × 1-D", .matMul, [f32(2, 3, 4), f32(4)], [f32(2, 3)]),
    ShapeCase("matMul batch broadcast", .matMul, [f32(2, 1, 3, 4), f32(5, 4, 6)], [f32(2, 5, 3, 6)]),
    ShapeCase("matMul batched × 2-D", .matMul, [f16(8, 12, 64, 32), f16(32, 64)], [f16(8, 12, 64, 64)]),
    ShapeCase(
      "matMulInteger gives int32", .matMulInteger,
      [tensorType(.uint8, 2, 3), tensorType(.int8, 3, 4), nil, nil],
      [tensorType(.int32, 2, 4)]),
    ShapeCase(
      "qLinearMatMul takes the output zero point's type", .qLinearMatMul,
      [
        tensorType(.uint8, 2, 3), f32(), tensorType(.uint8), tensorType(.uint8, 3, 4), f32(),
        tensorType(.uint8), f32(),
        tensorType(.uint8),
      ], [tensorType(.uint8, 2, 4)]),
  ]

  @Test("matMul", arguments: matMul)
  func matMulShapes(_ c: ShapeCase) { c.check() }

  static func einsum(_ equation: String) -> Op { .einsum(EinsumAttributes(equation: equation)) }

  static let einsum: [ShapeCase] = [
    ShapeCase("einsum explicit matmul", einsum("ij,jk->ik"), [f32(2, 3), f32(3, 4)], [f32(2, 4)]),
    ShapeCase("einsum explicit transpose", einsum("ij->ji"), [f32(2, 3)], [f32(3, 2)]),
    ShapeCase("einsum explicit full reduction", einsum("ij->"), [f32(2, 3)], [f32()]),
    ShapeCase(
      "einsum whitespace is ignored", einsum(" ij , jk -> ik "), [f32(2, 3), f32(3, 4)], [f32(2, 4)]),
    ShapeCase("einsum bilinear", einsum("bn,anm,bm->ba"), [f32(2, 3), f32(4, 3, 5), f32(2, 5)], [f32(2, 4)]),
    ShapeCase("einsum implicit matmul", einsum("ij,jk"), [f32(2, 3), f32(3, 4)], [f32(2, 4)]),
    ShapeCase("einsum implicit sorts labels", einsum("ba"), [f32(2, 3)], [f32(3, 2)]),
    ShapeCase("einsum implicit trace", einsum("ii"), [f32(3, 3)], [f32()]),
    ShapeCase("einsum implicit outer product", einsum("i,j"), [f32(2), f32(5)], [f32(2, 5)]),
    ShapeCase(
      "einsum ellipsis batch matmul", einsum("...ij,...jk->...ik"), [f32(5, 2, 3), f32(5, 3, 4)],
      [f32(5, 2, 4)]),
    ShapeCase(
      "einsum ellipsis broadcasts", einsum("...ij,...jk->...ik"), [f32(2, 1, 2, 3), f32(7, 3, 4)],
      [f32(2, 7, 2, 4)]),
    ShapeCase("einsum ellipsis of rank 0", einsum("...ij,jk->...ik"), [f32(2, 3), f32(3, 4)], [f32(2, 4)]),
    ShapeCase(
      "einsum implicit with ellipsis puts it first", einsum("...ij,jk"), [f32(5, 2, 3), f32(3, 4)],
      [f32(5, 2, 4)]),
    ShapeCase("einsum ellipsis in the middle", einsum("b...d->bd"), [f32(2, 3, 4, 5)], [f32(2, 5)]),
  ]

  @Test("einsum", arguments: einsum)
  func einsumShapes(_ c: ShapeCase) { c.check() }
}
