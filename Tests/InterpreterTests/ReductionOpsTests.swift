import Foundation
import GraphIR
import Testing

@testable import Interpreter

private func f32d(_ shape: [Int], _ values: [Double]) -> NDArray { NDArray(.float32, shape, doubles: values) }
private func int(_ dtype: DType, _ shape: [Int], _ values: [Int64]) -> NDArray { NDArray(dtype, shape, ints: values) }

/// Reductions, arg-reductions, softmax, normalizations, resize and einsum on cases
/// worked out by hand (the sources of each expectation are the ONNX operator formulas).
@Suite struct ReductionOpsTests {
  static let x23 = f32d([2, 3], [1, 2, 3, 4, 5, 6])
  static let reduce = [
    OpCase(
      name: "sum over axis 1", op: .reduce(.reduceSum, ReduceAttributes(axes: [1], keepDims: false)), inputs: [x23],
      expected: [f32d([2], [6, 15])]),
    OpCase(
      name: "mean over axis 0 kept", op: .reduce(.reduceMean, ReduceAttributes(axes: [0], keepDims: true)),
      inputs: [x23], expected: [f32d([1, 3], [2.5, 3.5, 4.5])]),
    OpCase(
      name: "int32 max of all", op: .reduce(.reduceMax, ReduceAttributes(axes: [0, 1], keepDims: false)),
      inputs: [int(.int32, [2, 2], [-7, 6, 3, -1])], expected: [int(.int32, [], [6])]),
    OpCase(
      name: "product over an empty axis is 1",
      op: .reduce(.reduceProd, ReduceAttributes(axes: [1], keepDims: true)), inputs: [f32d([2, 0], [])],
      expected: [f32d([2, 1], [1, 1])]),
    OpCase(
      name: "int8 min of nothing is 127", op: .reduce(.reduceMin, ReduceAttributes(axes: [0], keepDims: false)),
      inputs: [int(.int8, [0], [])], expected: [int(.int8, [], [127])]),
    OpCase(
      name: "log-sum-exp of large values",
      op: .reduce(.reduceLogSumExp, ReduceAttributes(axes: [1], keepDims: false)),
      inputs: [f32d([1, 2], [1000, 1000])],
      expected: [f32d([1], [1000 + log(2.0)])]),
    OpCase(
      name: "log-sum", op: .reduce(.reduceLogSum, ReduceAttributes(axes: [1], keepDims: true)),
      inputs: [x23], expected: [f32d([2, 1], [log(6.0), log(15.0)])]),
    OpCase(
      name: "L2, L1 and sum of squares",
      op: .reduce(.reduceL2, ReduceAttributes(axes: [0], keepDims: false)), inputs: [f32d([2], [3, -4])],
      expected: [f32d([], [5])]),
    OpCase(
      name: "L1", op: .reduce(.reduceL1, ReduceAttributes(axes: [0], keepDims: false)), inputs: [f32d([2], [3, -4])],
      expected: [f32d([], [7])]),
    OpCase(
      name: "int8 sum wraps", op: .reduce(.reduceSumSquare, ReduceAttributes(axes: [0], keepDims: false)),
      inputs: [int(.int8, [2], [10, 10])], expected: [int(.int8, [], [-56])]),
    OpCase(
      name: "argmax takes the first tie",
      op: .argMax(ArgReduceAttributes(axis: 0, keepDims: false, selectLastIndex: false)),
      inputs: [f32d([4], [1, 3, 3, 2])], expected: [int(.int64, [], [1])]),
    OpCase(
      name: "argmax select_last_index",
      op: .argMax(ArgReduceAttributes(axis: 0, keepDims: false, selectLastIndex: true)),
      inputs: [f32d([4], [1, 3, 3, 2])], expected: [int(.int64, [], [2])]),
    OpCase(
      name: "argmin along axis 1 kept",
      op: .argMin(ArgReduceAttributes(axis: 1, keepDims: true, selectLastIndex: false)),
      inputs: [int(.uint64, [2, 2], [-1, 5, 0, 1])], expected: [int(.int64, [2, 1], [1, 0])]),
  ]

  static let softmax: [OpCase] = {
    let e = [exp(-2.0), exp(-1.0), 1]
    let sum = e.reduce(0, +)
    return [
      OpCase(
        name: "softmax", op: .softmax(SoftmaxAttributes(axis: 0)), inputs: [f32d([3], [1, 2, 3])],
        expected: [f32d([3], e.map { $0 / sum })]),
      OpCase(
        name: "log-softmax of large values", op: .logSoftmax(SoftmaxAttributes(axis: 1)),
        inputs: [f32d([1, 3], [1001, 1002, 1003])], expected: [f32d([1, 3], [-2, -1, 0].map { $0 - log(sum) })]),
      OpCase(
        name: "opset-11 softmax normalizes everything after axis",
        op: .softmax(SoftmaxAttributes(axis: 0, coerced2D: true)), inputs: [f32d([2, 2], [0, 0, 0, 0])],
        expected: [f32d([2, 2], [0.25, 0.25, 0.25, 0.25])]),
      OpCase(
        name: "softmax along axis 0 of a matrix", op: .softmax(SoftmaxAttributes(axis: 0)),
        inputs: [f32d([2, 2], [0, 5, 0, 5])], expected: [f32d([2, 2], [0.5, 0.5, 0.5, 0.5])]),
    ]
  }()

  static let normalization = [
    OpCase(
      name: "batch normalization", op: .batchNormalization(BatchNormAttributes(epsilon: 0)),
      inputs: [
        f32d([1, 2, 1, 1], [1, 2]), f32d([2], [1, 2]), f32d([2], [0, 1]), f32d([2], [1, 0]), f32d([2], [4, 1]),
      ],
      expected: [f32d([1, 2, 1, 1], [0, 5])]),
    OpCase(
      name: "instance normalization", op: .instanceNormalization(BatchNormAttributes(epsilon: 0)),
      inputs: [f32d([1, 1, 2], [1, 3]), f32d([1], [2]), f32d([1], [1])], expected: [f32d([1, 1, 2], [-1, 3])]),
    OpCase(
      name: "layer normalization with statistics", op: .layerNormalization(LayerNormAttributes(axis: 1, epsilon: 0)),
      inputs: [f32d([2, 2], [1, 3, 5, 7]), f32d([2], [1, 2])],
      expected: [f32d([2, 2], [-1, 2, -1, 2]), f32d([2, 1], [2, 6]), f32d([2, 1], [1, 1])]),
    OpCase(
      name: "LRN window clipped at the ends", op: .lrn(LRNAttributes(size: 3, alpha: 3, beta: 1, bias: 1)),
      inputs: [f32d([1, 3, 1, 1], [1, 1, 1])], expected: [f32d([1, 3, 1, 1], [1.0 / 3, 0.25, 1.0 / 3])]),
  ]

  static func resize(
    _ mode: String, _ transform: String, scale: Double, roi: [Double] = [], _ x: [Double], _ y: [Double]
  ) -> OpCase {
    let attributes = ResizeAttributes(
      mode: mode, coordinateTransformationMode: transform, nearestMode: "floor", cubicCoeffA: -0.75,
      excludeOutside: false, extrapolationValue: -1, scales: [1, scale], outputShape: [1, y.count], roi: roi)
    return OpCase(
      name: "\(mode) \(transform) ×\(scale)", op: .resize(attributes), inputs: [f32d([1, x.count], x)],
      expected: [f32d([1, y.count], y)])
  }

  static let resizes = [
    resize("nearest", "asymmetric", scale: 2, [1, 2], [1, 1, 2, 2]),
    resize("linear", "align_corners", scale: 1.5, [0, 2], [0, 1, 2]),
    resize("linear", "half_pixel", scale: 2, [0, 2], [0, 0.5, 1.5, 2]),
    resize("linear", "asymmetric", scale: 0.5, [0, 2, 4, 6], [0, 4]),
    // x = y · (end − start) · 3 / 2 + start · 3 on the input [0, 1, 2, 3].
    resize("linear", "tf_crop_and_resize", scale: 0.75, roi: [0, 0.5, 1, 1], [0, 1, 2, 3], [1.5, 2.25, 3]),
    resize("linear", "tf_crop_and_resize", scale: 0.75, roi: [0, 0.5, 1, 1.5], [0, 1, 2, 3], [1.5, 3, -1]),
  ]

  static let einsums = [
    OpCase(
      name: "matmul", op: .einsum(EinsumAttributes(equation: "ij,jk->ik")),
      inputs: [f32d([2, 2], [1, 2, 3, 4]), f32d([2, 1], [1, 1])], expected: [f32d([2, 1], [3, 7])]),
    OpCase(
      name: "diagonal", op: .einsum(EinsumAttributes(equation: "ii->i")), inputs: [f32d([2, 2], [1, 2, 3, 4])],
      expected: [f32d([2], [1, 4])]),
    OpCase(
      name: "sum of all", op: .einsum(EinsumAttributes(equation: "ij->")), inputs: [x23], expected: [f32d([], [21])]),
    OpCase(
      name: "implicit inner product of ints", op: .einsum(EinsumAttributes(equation: "i,i")),
      inputs: [int(.int32, [3], [1, 2, 3]), int(.int32, [3], [4, 5, 6])], expected: [int(.int32, [], [32])]),
    OpCase(
      name: "ellipsis broadcast", op: .einsum(EinsumAttributes(equation: "...j,j->...")),
      inputs: [x23, f32d([3], [1, 0, -1])], expected: [f32d([2], [-2, -2])]),
    OpCase(
      name: "transpose", op: .einsum(EinsumAttributes(equation: "ij->ji")), inputs: [x23],
      expected: [f32d([3, 2], [1, 4, 2, 5, 3, 6])]),
  ]

  @Test(arguments: reduce + softmax + normalization + resizes + einsums)
  func evaluates(_ c: OpCase) throws { try c.check() }

  @Test func comparisonCatchesDifferences() {
    func close(_ a: NDArray, _ b: NDArray) -> Bool {
      ErrorStatistics(actual: a, expected: b, relativeTolerance: 1e-3, absoluteTolerance: 1e-7).withinTolerance
    }
    #expect(close(f32d([2], [1, 2]), f32d([2], [1, 2.001])))
    #expect(!close(f32d([2], [1, 2]), f32d([2], [1, 2.01])))
    #expect(!close(int(.int64, [1], [1 << 60]), int(.int64, [1], [1 << 60 + 1])))
    #expect(close(f32d([2], [.nan, .infinity]), f32d([2], [.nan, .infinity])))
  }

  @Test func argmaxOfAnEmptyAxisIsAnError() {
    let op = Op.argMax(ArgReduceAttributes(axis: 1, keepDims: false, selectLastIndex: false))
    #expect(throws: InterpreterError.self) {
      try Evaluator.evaluate(op, [f32d([2, 0], [])], outputTypes: [TensorType(.int64, [2])])
    }
  }
}
