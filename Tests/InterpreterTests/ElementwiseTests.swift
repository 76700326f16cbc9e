import GraphIR
import Testing

@testable import Interpreter

@Suite struct ElementwiseTests {
  static let unaryCases = [
    OpCase(
      "round half to even", .unary(.round), [f32([5], [0.5, 1.5, 2.5, -0.5, -1.7])], f32([5], [0, 2, 2, -0.0, -2])),
    OpCase("sign keeps NaN", .unary(.sign), [f32([4], [-3, 0, 2, .nan])], f32([4], [-1, 0, 1, .nan])),
    OpCase("relu propagates NaN", .unary(.relu), [f32([3], [-1, 2, .nan])], f32([3], [0, 2, .nan])),
    OpCase(
      "relu on f16", .unary(.relu), [NDArray(.float16, [2], floats: [-1, 1.0001])],
      NDArray(.float16, [2], floats: [0, 1])),
    OpCase("relu on int8", .unary(.relu), [ints(.int8, [2], [-5, 5])], ints(.int8, [2], [0, 5])),
    OpCase("abs of int8 min wraps", .unary(.abs), [ints(.int8, [2], [-128, -3])], ints(.int8, [2], [-128, 3])),
    OpCase("neg of uint8 wraps", .unary(.neg), [ints(.uint8, [2], [1, 0])], ints(.uint8, [2], [255, 0])),
    OpCase("uint64 above 2^63 is positive", .unary(.relu), [ints(.uint64, [1], [.min])], ints(.uint64, [1], [.min])),
    OpCase("not", .unary(.not), [bools([2], [true, false])], bools([2], [false, true])),
    OpCase("sqrt of int saturates", .unary(.sqrt), [ints(.int32, [2], [9, 10])], ints(.int32, [2], [3, 3])),
    OpCase("softplus large", .unary(.softplus), [f64([2], [1000, 0])], f64([2], [1000, 0.6931471805599453])),
    OpCase("hardSwish", .unary(.hardSwish), [f32([3], [-4, 1, 4])], f32([3], [0, 2.0 / 3, 4])),
    OpCase("empty", .unary(.exp), [f32([0, 3], [])], f32([0, 3], [])),
  ]

  static let activationCases = [
    OpCase("leakyRelu", .leakyRelu(ActivationAttributes(alpha: 0.1)), [f32([2], [-2, 3])], f32([2], [-0.2, 3])),
    OpCase(
      "hardSigmoid", .hardSigmoid(ActivationAttributes(alpha: 0.2, beta: 0.5)), [f32([3], [-5, 0, 5])],
      f32([3], [0, 0.5, 1])),
    OpCase(
      "elu", .elu(ActivationAttributes(alpha: 2)), [f64([2], [-1, 1])], f64([2], [2 * (0.36787944117144233 - 1), 1])),
    OpCase(
      "selu", .selu(ActivationAttributes(alpha: 1.6732632423543772, beta: 1.0507009873554805)),
      [f64([2], [-1, 2])], f64([2], [-1.1113307378125625, 2.101401974710961])),
    OpCase(
      "gelu exact", .gelu(GeluAttributes(tanhApproximation: false)), [f64([2], [1, 0])],
      f64([2], [0.8413447460685429, 0])),
    OpCase(
      "gelu tanh", .gelu(GeluAttributes(tanhApproximation: true)), [f64([1], [1])], f64([1], [0.8411919906082768])),
  ]

  static let clipAndCastCases = [
    OpCase(
      "clip attributes", .clip(ClipAttributes(min: -1, max: 1)), [f32([3], [-3, 0.5, 3])], f32([3], [-1, 0.5, 1])),
    OpCase(
      "clip min over max gives max", .clip(ClipAttributes(min: 2, max: 1)), [f32([2], [0, 5])], f32([2], [1, 1])),
    OpCase(
      "clip with run-time int bounds", .clip(ClipAttributes(min: nil, max: nil)),
      [ints(.int8, [3], [-100, 7, 100]), ints(.int8, [], [-5]), ints(.int8, [], [50])], ints(.int8, [3], [-5, 7, 50])),
    OpCase(
      "clip only max operand", .clip(ClipAttributes(min: 0, max: nil)), [f32([2], [-1, 9]), nil, f32([], [4])],
      f32([2], [0, 4])),
    OpCase(
      "cast float to int8 saturates", .cast(CastAttributes(to: .int8)), [f32([5], [300, -300, 1.9, -1.9, .nan])],
      ints(.int8, [5], [127, -128, 1, -1, 0])),
    OpCase(
      "cast int32 to uint8 wraps", .cast(CastAttributes(to: .uint8)), [ints(.int32, [2], [259, -1])],
      ints(.uint8, [2], [3, 255])),
    OpCase(
      "cast to bool", .cast(CastAttributes(to: .bool)), [f32([3], [0, 0.1, .nan])], bools([3], [false, true, true])),
    OpCase(
      "cast uint64 to float", .cast(CastAttributes(to: .float32)), [ints(.uint64, [1], [.min])], f32([1], [9.223372e18])
    ),
    OpCase(
      "cast to f16 rounds", .cast(CastAttributes(to: .float16)), [f32([1], [1.0001])],
      NDArray(.float16, [1], floats: [1])),
    OpCase("cast int64 to f64", .cast(CastAttributes(to: .float64)), [ints(.int64, [1], [-7])], f64([1], [-7])),
  ]

  static let binaryCases = [
    OpCase(
      "int8 add wraps", .binary(.add), [ints(.int8, [3], [127, -128, 5]), ints(.int8, [3], [1, -1, 5])],
      ints(.int8, [3], [-128, 127, 10])),
    OpCase(
      "scalar broadcast", .binary(.sub), [f32([2, 2], [1, 2, 3, 4]), f32([], [1])], f32([2, 2], [0, 1, 2, 3])),
    OpCase(
      "size-1 dims broadcast", .binary(.mul), [f32([2, 1], [1, 2]), f32([1, 3], [10, 20, 30])],
      f32([2, 3], [10, 20, 30, 20, 40, 60])),
    OpCase(
      "rank broadcast", .binary(.add), [f32([2, 1, 2], [0, 1, 2, 3]), f32([3, 1], [10, 20, 30])],
      f32([2, 3, 2], [10, 11, 20, 21, 30, 31, 12, 13, 22, 23, 32, 33])),
    OpCase("empty broadcast", .binary(.add), [f32([0, 3], []), f32([1, 3], [1, 2, 3])], f32([0, 3], [])),
    OpCase(
      "int division truncates, by zero gives 0", .binary(.div),
      [ints(.int32, [5], [7, -7, 7, -7, 5]), ints(.int32, [5], [2, 2, -2, -2, 0])],
      ints(.int32, [5], [3, -3, -3, 3, 0])),
    OpCase(
      "int64 min / -1 wraps", .binary(.div), [ints(.int64, [1], [.min]), ints(.int64, [1], [-1])],
      ints(.int64, [1], [.min])),
    OpCase(
      "uint64 divides unsigned", .binary(.div), [ints(.uint64, [1], [-2]), ints(.uint64, [1], [2])],
      ints(.uint64, [1], [.max])),
    OpCase(
      "mod takes the divisor's sign", .binary(.mod),
      [ints(.int32, [4], [7, -7, 7, -7]), ints(.int32, [4], [3, 3, -3, -3])], ints(.int32, [4], [1, 2, -2, -1])),
    OpCase(
      "fmod takes the dividend's sign", .binary(.fmod),
      [ints(.int32, [4], [7, -7, 7, -7]), ints(.int32, [4], [3, 3, -3, -3])], ints(.int32, [4], [1, -1, 1, -1])),
    OpCase("float mod", .binary(.mod), [f32([2], [5.5, -5.5]), f32([2], [2, 2])], f32([2], [1.5, 0.5])),
    OpCase(
      "pow int base, float exponent", .binary(.pow), [ints(.int32, [2], [2, 3]), f32([2], [2, 0.5])],
      ints(.int32, [2], [4, 1])),
    OpCase(
      "pow float base, int exponent", .binary(.pow), [f32([2], [2, 4]), ints(.int64, [], [3])], f32([2], [8, 64])),
    OpCase(
      "pow ints exact", .binary(.pow), [ints(.int64, [3], [2, -2, 2]), ints(.int64, [3], [62, 3, -1])],
      ints(.int64, [3], [1 << 62, -8, 0])),
    OpCase(
      "prelu slope broadcast", .binary(.prelu), [f32([2, 2], [-1, 2, -3, 4]), f32([2], [0.5, 2])],
      f32([2, 2], [-0.5, 2, -1.5, 4])),
    OpCase(
      "less with NaN", .binary(.less), [f32([3], [1, 2, .nan]), f32([3], [2, 2, 0])], bools([3], [true, false, false])),
    OpCase(
      "uint64 compares unsigned", .binary(.greater), [ints(.uint64, [2], [.min, 1]), ints(.uint64, [2], [1, 2])],
      bools([2], [true, false])),
    OpCase(
      "equal broadcast", .binary(.equal), [ints(.int32, [2, 1], [1, 2]), ints(.int32, [2], [1, 2])],
      bools([2, 2], [true, false, false, true])),
    OpCase(
      "xor", .binary(.xor), [bools([4], [true, true, false, false]), bools([4], [true, false, true, false])],
      bools([4], [false, true, true, false])),
  ]

  static let variadicCases = [
    OpCase(
      "max broadcasts three", .variadic(.max), [f32([2], [1, 5]), f32([2, 1], [3, 0]), f32([], [2])],
      f32([2, 2], [3, 5, 2, 5])),
    OpCase(
      "max propagates NaN", .variadic(.max), [f32([2], [.nan, 1]), f32([2], [1, .nan])], f32([2], [.nan, .nan])),
    OpCase(
      "min uint64 unsigned", .variadic(.min), [ints(.uint64, [1], [-1]), ints(.uint64, [1], [3])],
      ints(.uint64, [1], [3])),
    OpCase(
      "sum int8 wraps", .variadic(.sum), [ints(.int8, [1], [100]), ints(.int8, [1], [100])], ints(.int8, [1], [-56])),
    OpCase("mean", .variadic(.mean), [f32([2], [1, 2]), f32([2], [3, 4]), f32([1], [5])], f32([2], [3, 11.0 / 3])),
    OpCase("single operand", .variadic(.sum), [f32([2], [1, 2])], f32([2], [1, 2])),
    OpCase(
      "where broadcasts", .where,
      [bools([2, 1], [true, false]), ints(.int64, [1, 2], [1, 2]), ints(.int64, [], [0])],
      ints(.int64, [2, 2], [1, 2, 0, 0])),
  ]

  @Test(arguments: unaryCases) func unary(_ c: OpCase) throws { try c.check() }
  @Test(arguments: activationCases) func activation(_ c: OpCase) throws { try c.check() }
  @Test(arguments: clipAndCastCases) func clipAndCast(_ c: OpCase) throws { try c.check() }
  @Test(arguments: binaryCases) func binary(_ c: OpCase) throws { try c.check() }
  @Test(arguments: variadicCases) func variadic(_ c: OpCase) throws { try c.check() }

  @Test func mismatchedOperandsThrowInsteadOfTrapping() {
    #expect(throws: InterpreterError.self) {
      try Evaluator.evaluate(
        .binary(.add), [f32([1], [1]), ints(.int32, [1], [1])], outputTypes: [TensorType(.float32, [1])])
    }
  }
}
