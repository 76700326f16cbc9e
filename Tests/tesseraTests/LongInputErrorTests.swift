import Foundation
import Testing

/// Issue 19: an error quotes at most a few hundred characters of a hostile input (a 10 MB
/// line used to be echoed back whole), still names where it is, and exits 1.
struct LongInputErrorTests {
  static let long = String(repeating: "x", count: 100_000)

  @Test func aLongPipelineIsQuotedInPart() throws {
    let result = try CLITests.run([
      "compile", "onnx-samples/lenet5.onnx", "--target", "gemmini", "--pipeline", "canonicalize," + Self.long,
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("pipeline 'canonicalize,xxx"))
    #expect(result.stderr.contains("(100013 characters)"))
    #expect(result.stderr.split(separator: "\n").allSatisfy { $0.count <= 500 }, "\(result.stderr.count)")
  }

  @Test func aLongTargetValueIsQuotedInPart() throws {
    let file = try CLITests.temporaryFile("long-clock.yaml", Data("name: t\nclock_mhz: \(Self.long)\n".utf8))
    let result = try CLITests.run(["compile", "onnx-samples/lenet5.onnx", "--target", file])
    #expect(result.status == 1)
    #expect(result.stderr.contains("clock_mhz: must be a number, got 'xxx"))
    #expect(result.stderr.split(separator: "\n").allSatisfy { $0.count <= 500 }, "\(result.stderr.count)")
  }
}
