import Foundation
import GraphIR
import ONNXImport
import Testing

/// Hostile models found in review: each once trapped, hung or took minutes.
@Suite struct HostileModelTests {
  static func failure(_ build: (inout ModelBuilder) -> Void) -> String {
    var m = ModelBuilder(opset: 18)
    build(&m)
    return expectImportFailure { _ = try m.importModel() }?.description ?? ""
  }

  @Test func splitOfAScalar() {
    let message = Self.failure {
      $0.input("x", [])
      $0.node("Split", ["x"], ["y"], Attr.int("num_outputs", 1))
      $0.output("y")
    }
    #expect(message.contains("out of range for rank 0"), "\(message)")
  }

  @Test func padAxesOnAScalar() {
    let message = Self.failure {
      $0.input("x", [])
      $0.initializer(.int64("pads", [2], [1, 1]))
      $0.initializer(.int64("axes", [1], [0]))
      $0.node("Pad", ["x", "pads", "", "axes"], ["y"])
      $0.output("y")
    }
    #expect(message.contains("out of range"), "\(message)")
  }

  @Test func splitIntoAnAbsurdNumberOfOutputs() {
    let message = Self.failure {
      $0.input("x", [4])
      $0.node("Split", ["x"], ["y"], Attr.int("num_outputs", 1 << 40))
      $0.output("y")
    }
    #expect(message.contains("does not match"), "\(message)")
  }

  @Test func zeroBesideAHugeExtent() {
    let message = Self.failure {
      $0.input("x", [1])
      $0.initializer(.raw("z", .float, [0, Int64.max], Data()))
      $0.node("Concat", ["z", "z"], ["y"], Attr.int("axis", 0))
      $0.output("y")
    }
    #expect(message.contains("too large"), "\(message)")
  }

  @Test func emptyConcatOfHugeConstantsDoesNotHang() throws {
    var m = ModelBuilder(opset: 18)
    m.input("x", [1])
    m.initializer(.int64("shape", [2], [1 << 40, 0]))
    m.node("ConstantOfShape", ["shape"], ["z"])
    m.node("Concat", ["z", "z"], ["y"], Attr.int("axis", 1))
    m.output("y")
    let clock = ContinuousClock()
    let start = clock.now
    #expect(try m.importModel().graph.type(of: "y")?.shape == [1 << 40, 0])
    #expect(clock.now - start < .seconds(2))
  }

  @Test func rankIsCapped() {
    let message = Self.failure {
      $0.input("x", Array(repeating: 1, count: 100))
      $0.node("Relu", ["x"], ["y"])
      $0.output("y")
    }
    #expect(message.contains("at most 64"), "\(message)")
  }

  @Test func manyAttributesAndEqualNamesStayFast() throws {
    var m = ModelBuilder(opset: 18)
    m.input("x", [4])
    var previous = "x"
    for i in 0..<5000 {
      m.node("Relu", [previous], ["y\(i)"], name: "same")
      previous = "y\(i)"
    }
    m.node("Relu", [previous], ["out"], attributes: (0..<5000).map { Attr.int("a\($0)", 1) })
    m.output("out")
    let clock = ContinuousClock()
    let start = clock.now
    let graph = try m.importModel().graph
    #expect(graph.nodes.count == 5001)
    #expect(Set(graph.nodes.map(\.name)).count == 5001)
    #expect(clock.now - start < .seconds(10))
  }

  @Test func padModesFollowTheSpec() {
    let wrapAt18 = Self.failure {
      $0.input("x", [4])
      $0.initializer(.int64("pads", [2], [1, 1]))
      $0.node("Pad", ["x", "pads"], ["y"], Attr.string("mode", "wrap"))
      $0.output("y")
    }
    #expect(wrapAt18.contains("not supported at opset 18"), "\(wrapAt18)")
    let reflectTooFar = Self.failure {
      $0.input("x", [3])
      $0.initializer(.int64("pads", [2], [3, 0]))
      $0.node("Pad", ["x", "pads"], ["y"], Attr.string("mode", "reflect"))
      $0.output("y")
    }
    #expect(reflectTooFar.contains("reflect padding"), "\(reflectTooFar)")
  }

  @Test func errorsStayOnOneLine() {
    let message = Self.failure {
      $0.input("x", [2])
      $0.node("Relu", ["x\nmissing"], ["y"], name: "bad\nname")
      $0.output("y")
    }
    #expect(!message.contains("\n"), "\(message)")
  }
}
