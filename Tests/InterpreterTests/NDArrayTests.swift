import GraphIR
import Testing

@testable import Interpreter

@Suite struct NDArrayTests {
  @Test(arguments: [
    (DType.int8, 200.0, Int64(127)), (.uint8, -3.5, 0), (.int32, 7.9, 7), (.bool, 0.25, 1), (.uint16, .nan, 0),
  ])
  func castFromFloatSaturates(dtype: DType, value: Double, expected: Int64) {
    #expect(NDArray(dtype, [1], doubles: [value]).ints == [expected])
  }

  @Test func halfPrecisionIsRoundedToStorage() {
    let half = NDArray(.float16, [2], floats: [1.0001, 65520])
    #expect(half.floats == [1.0, .infinity])
  }

  @Test func tensorRoundTrip() throws {
    let tensor = try Tensor(.int8, [2, 2], integers: [-128, -1, 0, 127])
    #expect(try NDArray(tensor).tensor() == tensor)
  }
}
