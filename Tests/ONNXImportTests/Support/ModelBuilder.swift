import Foundation
import GraphIR
import ONNXImport

/// Builds small ONNX models in Swift for importer tests.
///
/// Inputs, initializers and nodes are added in order; `data()` serializes the `ModelProto`
/// and `importModel()` runs it through `ONNXImporter.importModel(data:…)`.
///
///     var m = ModelBuilder(opset: 13)
///     m.input("x", [1, 3, "H"])
///     m.initializer(.int64("axes", [1], [0]))
///     m.node("Squeeze", ["x", "axes"], ["y"])
///     let graph = try m.importModel(options: ImportOptions(inputShapes: ["x": [1, 3, 5]])).graph
struct ModelBuilder {
  var model = Onnx_ModelProto()

  init(opset: Int = 17, irVersion: Int = 8) {
    model.irVersion = Int64(irVersion)
    model.producerName = "ModelBuilder"
    var entry = Onnx_OperatorSetIdProto()
    entry.domain = ""
    entry.version = Int64(opset)
    model.opsetImport = [entry]
    model.graph.name = "test"
  }

  /// A graph input; dims are extents or `dim_param` names. `nil` dims leave the shape out.
  mutating func input(_ name: String, _ dims: [Dim]?, elemType: Onnx_TensorProto.DataType = .float) {
    input(name, dims, elemTypeCode: Int32(elemType.rawValue))
  }

  /// An input of any element-type code, ONNX's or not.
  mutating func input(_ name: String, _ dims: [Dim]?, elemTypeCode: Int32) {
    var info = Onnx_ValueInfoProto()
    info.name = name
    info.type.tensorType.elemType = elemTypeCode
    if let dims {
      info.type.tensorType.shape = Onnx_TensorShapeProto()
      info.type.tensorType.shape.dim = dims.map(\.proto)
    }
    model.graph.input.append(info)
  }

  mutating func initializer(_ tensor: Onnx_TensorProto) { model.graph.initializer.append(tensor) }

  /// A node named `name`, or after its first output.
  mutating func node(
    _ opType: String, _ inputs: [String], _ outputs: [String], name: String? = nil, domain: String = "",
    _ attributes: Onnx_AttributeProto...
  ) {
    node(opType, inputs, outputs, name: name, domain: domain, attributes: attributes)
  }

  mutating func node(
    _ opType: String, _ inputs: [String], _ outputs: [String], name: String? = nil, domain: String = "",
    attributes: [Onnx_AttributeProto]
  ) {
    var node = Onnx_NodeProto()
    node.opType = opType
    node.input = inputs
    node.output = outputs
    node.name = name ?? outputs.first ?? opType
    if !domain.isEmpty { node.domain = domain }
    node.attribute = attributes
    model.graph.node.append(node)
  }

  mutating func output(_ names: String...) {
    for name in names {
      var info = Onnx_ValueInfoProto()
      info.name = name
      model.graph.output.append(info)
    }
  }

  func data() throws -> Data { try model.serializedData() }

  /// Serializes and imports the model; external data resolves against `baseDirectory`.
  func importModel(
    options: ImportOptions = ImportOptions(), baseDirectory: URL = FileManager.default.temporaryDirectory
  ) throws -> ImportedModel {
    try ONNXImporter.importModel(
      data: try data(), file: "test.onnx", baseDirectory: baseDirectory, options: options)
  }

  /// The error of importing the model; fails the expectation in the caller if it imports.
  func importError(
    options: ImportOptions = ImportOptions(), baseDirectory: URL = FileManager.default.temporaryDirectory
  )
    throws -> ImportError?
  {
    let data = try data()
    do {
      _ = try ONNXImporter.importModel(
        data: data, file: "test.onnx", baseDirectory: baseDirectory, options: options)
      return nil
    } catch {
      return error
    }
  }
}

/// A dimension of a graph input: an extent, a `dim_param` name, or neither.
enum Dim: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
  case value(Int64)
  case param(String)
  case unknown

  init(integerLiteral value: Int64) { self = .value(value) }
  init(stringLiteral value: String) { self = .param(value) }

  var proto: Onnx_TensorShapeProto.Dimension {
    var dim = Onnx_TensorShapeProto.Dimension()
    switch self {
    case .value(let extent): dim.dimValue = extent
    case .param(let name): dim.dimParam = name
    case .unknown: break
    }
    return dim
  }
}

// MARK: - Attributes

/// `AttributeProto` constructors with the type field set as exporters set it.
enum Attr {
  static func int(_ name: String, _ value: Int64) -> Onnx_AttributeProto {
    make(name, .int) { $0.i = value }
  }

  static func ints(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
    make(name, .ints) { $0.ints = values }
  }

  static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
    make(name, .float) { $0.f = value }
  }

  static func floats(_ name: String, _ values: [Float]) -> Onnx_AttributeProto {
    make(name, .floats) { $0.floats = values }
  }

  static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
    make(name, .string) { $0.s = Data(value.utf8) }
  }

  static func tensor(_ name: String, _ value: Onnx_TensorProto) -> Onnx_AttributeProto {
    make(name, .tensor) { $0.t = value }
  }

  private static func make(
    _ name: String, _ type: Onnx_AttributeProto.AttributeType, _ fill: (inout Onnx_AttributeProto) -> Void
  ) -> Onnx_AttributeProto {
    var attribute = Onnx_AttributeProto()
    attribute.name = name
    attribute.type = type
    fill(&attribute)
    return attribute
  }
}

// MARK: - Tensors

extension Onnx_TensorProto {
  /// A tensor with typed-field storage (`float_data`, `int64_data`, …).
  static func typed(
    _ name: String, _ dataType: DataType, _ dims: [Int64], _ fill: (inout Onnx_TensorProto) -> Void
  ) -> Onnx_TensorProto {
    var tensor = Onnx_TensorProto()
    tensor.name = name
    tensor.dataType = Int32(dataType.rawValue)
    tensor.dims = dims
    fill(&tensor)
    return tensor
  }

  /// A tensor whose elements are the little-endian bytes `raw`.
  static func raw(_ name: String, _ dataType: DataType, _ dims: [Int64], _ raw: Data) -> Onnx_TensorProto {
    typed(name, dataType, dims) { $0.rawData = raw }
  }

  static func float(_ name: String, _ dims: [Int64], _ values: [Float]) -> Onnx_TensorProto {
    typed(name, .float, dims) { $0.floatData = values }
  }

  static func int64(_ name: String, _ dims: [Int64], _ values: [Int64]) -> Onnx_TensorProto {
    typed(name, .int64, dims) { $0.int64Data = values }
  }

  /// A float tensor of `dims` filled with zeros (weights whose values do not matter).
  static func zeros(_ name: String, _ dims: [Int64]) -> Onnx_TensorProto {
    raw(name, .float, dims, Data(count: 4 * Int(dims.reduce(1, *))))
  }
}

/// Little-endian bytes of `values`.
func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
  var data = Data()
  for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
  return data
}
