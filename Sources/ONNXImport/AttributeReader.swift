import Foundation
import GraphIR

/// Typed access to a node's attributes: a wrong type or an out-of-range value is an error
/// naming the attribute; an absent attribute gives the caller's default.
struct AttributeReader {
  /// A node's few attributes; a linear search beats hashing at this size.
  private let attributes: [Onnx_AttributeProto]

  /// Largest magnitude accepted for integer attributes used as extents, strides or axes.
  static let maxMagnitude: Int64 = 1 << 40

  init(_ node: Onnx_NodeProto) throws(TranslationError) {
    attributes = node.attribute
    var seen = Set<String>()
    for attribute in attributes {
      guard seen.insert(attribute.name).inserted else {
        throw TranslationError("attribute '\(attribute.name)' appears twice")
      }
      guard attribute.refAttrName.isEmpty else {
        throw TranslationError("attribute '\(attribute.name)' refers to a function attribute, which is not supported")
      }
    }
  }

  func has(_ name: String) -> Bool { attributes.contains { $0.name == name } }

  /// The attribute if present, checked to be of `type` (legacy files without a type field pass).
  private func attribute(_ name: String, _ type: Onnx_AttributeProto.AttributeType) throws(TranslationError)
    -> Onnx_AttributeProto?
  {
    guard let attribute = attributes.first(where: { $0.name == name }) else { return nil }
    guard attribute.type == type || attribute.type == .undefined else {
      throw TranslationError("attribute '\(name)' must be \(Self.typeName(type)), got \(Self.typeName(attribute.type))")
    }
    return attribute
  }

  private static func typeName(_ type: Onnx_AttributeProto.AttributeType) -> String {
    switch type {
    case .float: "a float"
    case .int: "an int"
    case .string: "a string"
    case .tensor: "a tensor"
    case .floats: "a list of floats"
    case .ints: "a list of ints"
    case .strings: "a list of strings"
    default: "type \(type.rawValue)"
    }
  }

  private static func checked(_ value: Int64, _ name: String) throws(TranslationError) -> Int {
    guard value.magnitude <= maxMagnitude.magnitude else {
      throw TranslationError("attribute '\(name)' value \(value) is out of range")
    }
    return Int(value)
  }

  func int(_ name: String, default value: Int) throws(TranslationError) -> Int {
    guard let attribute = try attribute(name, .int) else { return value }
    return try Self.checked(attribute.i, name)
  }

  func bool(_ name: String, default value: Bool) throws(TranslationError) -> Bool {
    try int(name, default: value ? 1 : 0) != 0
  }

  func float(_ name: String, default value: Double) throws(TranslationError) -> Double {
    guard let attribute = try attribute(name, .float) else { return value }
    return Double(attribute.f)
  }

  func optionalFloat(_ name: String) throws(TranslationError) -> Double? {
    try attribute(name, .float).map { Double($0.f) }
  }

  func string(_ name: String, default value: String) throws(TranslationError) -> String {
    guard let attribute = try attribute(name, .string) else { return value }
    guard let text = String(data: attribute.s, encoding: .utf8) else {
      throw TranslationError("attribute '\(name)' is not valid UTF-8")
    }
    return text
  }

  func ints(_ name: String) throws(TranslationError) -> [Int]? {
    guard let attribute = try attribute(name, .ints) else { return nil }
    var result: [Int] = []
    for value in attribute.ints { result.append(try Self.checked(value, name)) }
    return result
  }

  /// Raw 64-bit integers (Slice starts/ends may be INT64_MAX).
  func int64s(_ name: String) throws(TranslationError) -> [Int64]? {
    try attribute(name, .ints)?.ints
  }

  func floats(_ name: String) throws(TranslationError) -> [Double]? {
    try attribute(name, .floats).map { $0.floats.map { Double($0) } }
  }

  func tensor(_ name: String) throws(TranslationError) -> Onnx_TensorProto? {
    try attribute(name, .tensor)?.t
  }

  /// Names of all attributes, sorted (for error messages).
  var names: [String] { attributes.map(\.name).sorted() }
}
