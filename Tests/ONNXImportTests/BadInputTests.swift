import Foundation
import GraphIR
import ONNXImport
import Testing

/// Hostile or broken files: each must give one `ImportError` quickly, never a crash or a hang.
@Suite struct BadInputTests {
  struct BadFile: Sendable, CustomTestStringConvertible {
    var label: String
    var bytes: @Sendable () throws -> Data
    var testDescription: String { label }
  }

  static let badFiles: [BadFile] =
    [
      BadFile(label: "empty file") { Data() },
      BadFile(label: "first half of resnet18") {
        let model = try RepositoryFiles.contents(
          of: RepositoryFiles.samples.appendingPathComponent("resnet18.onnx"))
        return model.prefix(model.count / 2)
      },
      BadFile(label: "text file") {
        Data("This is not an ONNX model.\nIt is a text file, line after line.\n".utf8)
      },
      BadFile(label: "JSON file") {
        try RepositoryFiles.contents(of: RepositoryFiles.referenceShapes.appendingPathComponent("light-manifest.json"))
      },
      BadFile(label: "graph with a 4 GiB length prefix") {
        Data([0x08, 0x08, 0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) + Data("small".utf8)
      },
      BadFile(label: "graph with a 2^63 length prefix") {
        Data([0x08, 0x08, 0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
      },
      BadFile(label: "graph, node and attribute nested 5000 deep") { nestedGraphs(depth: 5000) },
      BadFile(label: "ModelProto without ir_version") { Data([0x3A, 0x00]) },
    ]
    + [1, 2, 3, 42, 0x5EED, 0xDEAD_BEEF].map { seed in
      BadFile(label: "1 KB of random bytes, seed \(seed)") { randomBytes(count: 1024, seed: UInt64(seed)) }
    }

  @Test(arguments: badFiles)
  func badFileFailsQuickly(_ c: BadFile) throws {
    let bytes = try c.bytes()
    let error = expectImportFailure {
      _ = try ONNXImporter.importModel(
        data: bytes, file: "bad.onnx", baseDirectory: FileManager.default.temporaryDirectory)
    }
    #expect(error?.file == "bad.onnx")
  }

  @Test func missingFileIsAnImportError() {
    let error = expectImportFailure { _ = try ONNXImporter.importModel(at: "/nonexistent/model.onnx") }
    #expect(error?.description.hasPrefix("/nonexistent/model.onnx: cannot read") == true)
  }

  struct BadModel: Sendable, CustomTestStringConvertible {
    var label: String
    /// The node the message must name (`nil` for model-level errors).
    var node: String?
    /// Words the message must contain.
    var mentions: String
    var build: @Sendable (inout ModelBuilder) -> Void
    var testDescription: String { label }
  }

  static let badModels: [BadModel] = [
    BadModel(label: "input naming no tensor", node: "add", mentions: "'ghost' names no tensor") {
      $0.input("x", [2])
      $0.node("Add", ["x", "ghost"], ["y"], name: "add")
      $0.output("y")
    },
    BadModel(label: "cycle", node: "first", mentions: "cycle") {
      $0.input("x", [2])
      $0.node("Add", ["x", "b"], ["a"], name: "first")
      $0.node("Relu", ["a"], ["b"], name: "second")
      $0.output("b")
    },
    BadModel(label: "node feeding itself", node: "loop", mentions: "cycle") {
      $0.input("x", [2])
      $0.node("Add", ["x", "y"], ["y"], name: "loop")
      $0.output("y")
    },
    BadModel(label: "two producers of one tensor", node: "second", mentions: "produced by two nodes") {
      $0.input("x", [2])
      $0.node("Relu", ["x"], ["y"], name: "first")
      $0.node("Neg", ["x"], ["y"], name: "second")
      $0.output("y")
    },
    BadModel(
      label: "Conv group as a float", node: "conv", mentions: "attribute 'group' must be an int, got a float"
    ) {
      $0.input("x", [1, 4, 5, 5])
      $0.initializer(.zeros("w", [4, 1, 3, 3]))
      $0.node("Conv", ["x", "w"], ["y"], name: "conv", Attr.float("group", 4))
      $0.output("y")
    },
    BadModel(
      label: "Conv kernel_shape as a string", node: "conv",
      mentions: "attribute 'kernel_shape' must be a list of ints"
    ) {
      $0.input("x", [1, 4, 5, 5])
      $0.initializer(.zeros("w", [4, 4, 3, 3]))
      $0.node("Conv", ["x", "w"], ["y"], name: "conv", Attr.string("kernel_shape", "3x3"))
      $0.output("y")
    },
    BadModel(label: "Conv channels disagree with the weight", node: "conv", mentions: "3 channels") {
      $0.input("x", [1, 3, 5, 5])
      $0.initializer(.zeros("w", [8, 4, 3, 3]))
      $0.node("Conv", ["x", "w"], ["y"], name: "conv")
      $0.output("y")
    },
    BadModel(label: "attribute at Int64.min", node: "conv", mentions: "'group'") {
      $0.input("x", [1, 4, 5, 5])
      $0.initializer(.zeros("w", [4, 4, 3, 3]))
      $0.node("Conv", ["x", "w"], ["y"], name: "conv", Attr.int("group", .min))
      $0.output("y")
    },
    BadModel(label: "Reshape target holding Int64.min", node: "reshape", mentions: "'shape'") {
      $0.input("x", [2, 3])
      $0.initializer(.int64("shape", [2], [.min, 6]))
      $0.node("Reshape", ["x", "shape"], ["y"], name: "reshape")
      $0.output("y")
    },
    BadModel(label: "Range of 10^30 elements", node: "range", mentions: "too large") {
      $0.initializer(.float("start", [], [0]))
      $0.initializer(.float("limit", [], [1e30]))
      $0.initializer(.float("delta", [], [1]))
      $0.node("Range", ["start", "limit", "delta"], ["y"], name: "range")
      $0.output("y")
    },
    BadModel(label: "Range with a subnormal delta", node: "range", mentions: "too large") {
      $0.initializer(.float("start", [], [0]))
      $0.initializer(.float("limit", [], [1]))
      $0.initializer(.float("delta", [], [.leastNonzeroMagnitude]))
      $0.node("Range", ["start", "limit", "delta"], ["y"], name: "range")
      $0.output("y")
    },
    BadModel(label: "pooling window overflowing Int", node: "pool", mentions: "span more than any tensor") {
      $0.input("x", [1, 1, 8])
      $0.node(
        "MaxPool", ["x"], ["y"], name: "pool", Attr.ints("kernel_shape", [1 << 40]),
        Attr.ints("dilations", [1 << 40]))
      $0.output("y")
    },
    BadModel(label: "Conv window overflowing Int", node: "conv", mentions: "span more than any tensor") {
      $0.input("x", [1, 1, .value(1 << 40)])
      $0.input("w", [1, 1, .value(1 << 40)])
      $0.node(
        "Conv", ["x", "w"], ["y"], name: "conv", Attr.ints("dilations", [1 << 40]),
        Attr.string("auto_pad", "SAME_UPPER"))
      $0.output("y")
    },
    BadModel(
      label: "ConvTranspose strided input overflowing Int", node: "deconv",
      mentions: "span more than any tensor"
    ) {
      $0.input("x", [1, 1, .value(1 << 40)])
      $0.initializer(.zeros("w", [1, 1, 1]))
      $0.node("ConvTranspose", ["x", "w"], ["y"], name: "deconv", Attr.ints("strides", [1 << 40]))
      $0.output("y")
    },
    BadModel(label: "Resize of a 2^44 axis by 10^5", node: "resize", mentions: "too large") {
      $0.input("x", [1, .value(1 << 44)])
      $0.initializer(.float("roi", [0], []))
      $0.initializer(.float("scales", [2], [1, 1e5]))
      $0.node("Resize", ["x", "roi", "scales"], ["y"], name: "resize")
      $0.output("y")
    },
    BadModel(label: "Reshape to a dynamic shape", node: "reshape", mentions: "must be a constant") {
      $0.input("x", [2, 3])
      $0.input("shape", [2], elemType: .int64)
      $0.node("Reshape", ["x", "shape"], ["y"], name: "reshape")
      $0.output("y")
    },
    BadModel(label: "graph output nobody produces", node: nil, mentions: "graph output 'z'") {
      $0.input("x", [2])
      $0.node("Relu", ["x"], ["y"])
      $0.output("z")
    },
    BadModel(label: "duplicate initializer", node: nil, mentions: "defined twice") {
      $0.initializer(.float("w", [1], [1]))
      $0.initializer(.float("w", [1], [2]))
      $0.output("w")
    },
    // Regression: an element-type code outside ONNX's list sent the error message's type name
    // into mutual recursion with the lookup (a stack overflow, SIGSEGV).
    BadModel(label: "input element type code 99", node: nil, mentions: "element type #99 is not supported") {
      $0.input("x", [2], elemTypeCode: 99)
      $0.node("Relu", ["x"], ["y"])
      $0.output("y")
    },
    BadModel(label: "Cast to code 77", node: "cast", mentions: "#77") {
      $0.input("x", [2])
      $0.node("Cast", ["x"], ["y"], name: "cast", Attr.int("to", 77))
      $0.output("y")
    },
    // Regressions: accepted before, each an error naming the culprit now.
    BadModel(label: "Relu with four inputs", node: "r", mentions: "Relu takes 1 input, got 4") {
      $0.input("x", [2])
      $0.node("Relu", ["x", "x", "x", "x"], ["y"], name: "r")
      $0.output("y")
    },
    BadModel(label: "Conv with one input", node: "c", mentions: "Conv takes 2 to 3 inputs, got 1") {
      $0.input("x", [1, 1, 4, 4])
      $0.node("Conv", ["x"], ["y"], name: "c")
      $0.output("y")
    },
    BadModel(label: "graph without outputs", node: nil, mentions: "declares no outputs") {
      $0.input("x", [2])
      $0.node("Relu", ["x"], ["y"])
    },
    BadModel(label: "initializer shadowing an input of another shape", node: nil, mentions: "initializer 'x' is") {
      $0.input("x", [1, 4])
      $0.initializer(.float("x", [2, 2], [1, 2, 3, 4]))
      $0.node("Relu", ["x"], ["y"])
      $0.output("y")
    },
    BadModel(label: "unsupported input dtype", node: nil, mentions: "STRING") {
      $0.input("x", [2], elemType: .string)
      $0.node("Identity", ["x"], ["y"])
      $0.output("y")
    },
  ]

  @Test(arguments: badModels)
  func badModelNamesTheCulprit(_ c: BadModel) throws {
    var m = ModelBuilder(opset: 17)
    c.build(&m)
    let error = try #require(expectImportFailure { _ = try m.importModel() })
    #expect(error.node == c.node, "\(error)")
    #expect(error.description.contains(c.mentions), "\(error)")
    if let node = c.node { #expect(error.description.hasPrefix("test.onnx: node '\(node)': "), "\(error)") }
  }

  struct BadHeader: Sendable, CustomTestStringConvertible {
    var label: String
    var irVersion: Int
    var opset: Int
    var mentions: String
    var testDescription: String { label }
  }

  static let badHeaders = [
    BadHeader(label: "IR version 2", irVersion: 2, opset: 17, mentions: "IR version 2"),
    BadHeader(label: "IR version 99", irVersion: 99, opset: 17, mentions: "IR version 99"),
    BadHeader(label: "opset 6", irVersion: 8, opset: 6, mentions: "opset 6"),
    BadHeader(label: "opset 99", irVersion: 8, opset: 99, mentions: "opset 99"),
  ]

  @Test(arguments: badHeaders)
  func unsupportedVersionsAreRejected(_ c: BadHeader) throws {
    var m = ModelBuilder(opset: c.opset, irVersion: c.irVersion)
    m.input("x", [2])
    m.node("Relu", ["x"], ["y"])
    m.output("y")
    let error = try #require(expectImportFailure { _ = try m.importModel() })
    #expect(error.description.contains(c.mentions), "\(error)")
  }

  /// Doubles round Int64.max up to 2^63; the conversion back must saturate, not trap.
  @Test func rangeNearInt64LimitsImports() throws {
    var m = ModelBuilder(opset: 11)
    m.initializer(.int64("start", [], [.max]))
    m.initializer(.int64("limit", [], [.max - 2000]))
    m.initializer(.int64("delta", [], [-1]))
    m.node("Range", ["start", "limit", "delta"], ["y"])
    m.output("y")
    let y = try #require(try m.importModel().graph.constant(named: "y"))
    #expect(y.type.dtype == .int64 && y.type.rank == 1)
    #expect(y.integers().first == .max)
  }

  @Test func modelWithoutDefaultOpsetIsRejected() throws {
    var m = ModelBuilder(opset: 17)
    m.model.opsetImport[0].domain = "com.example"
    let error = try #require(expectImportFailure { _ = try m.importModel() })
    #expect(error.description.contains("no default-domain opset"), "\(error)")
  }
}

// MARK: - Byte generators

/// `count` bytes from a xorshift64* generator: deterministic for a seed.
func randomBytes(count: Int, seed: UInt64) -> Data {
  var state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
  var bytes = Data(capacity: count)
  while bytes.count < count {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    let value = state &* 0x2545_F491_4F6C_DD1D
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
  }
  return bytes
}

/// A `ModelProto` whose graph holds a node whose attribute holds a graph … `depth` times,
/// written as raw protobuf (building it with the generated types would recurse as deep).
func nestedGraphs(depth: Int) -> Data {
  // ModelProto.graph = 7, GraphProto.node = 1, NodeProto.attribute = 5, AttributeProto.g = 6.
  let tags: [UInt8] = [0x3A] + Array(repeating: [0x0A, 0x2A, 0x32], count: depth).joined()
  func varint(_ value: Int) -> [UInt8] {
    var rest = UInt64(value)
    var bytes: [UInt8] = []
    repeat {
      bytes.append(UInt8(rest & 0x7F) | (rest >= 0x80 ? 0x80 : 0))
      rest >>= 7
    } while rest > 0
    return bytes
  }
  // Content length of the message each tag introduces, innermost (empty) first.
  var lengths = [Int](repeating: 0, count: tags.count)
  for index in stride(from: tags.count - 2, through: 0, by: -1) {
    let inner = lengths[index + 1]
    lengths[index] = 1 + varint(inner).count + inner
  }
  var bytes: [UInt8] = [0x08, 0x08]  // ir_version 8
  for (tag, length) in zip(tags, lengths) { bytes += [tag] + varint(length) }
  return Data(bytes)
}
