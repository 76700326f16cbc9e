import Foundation

/// The textual IR: one line per input, constant, node and output.
///
/// ```
/// graph "lenet" {
///   input %input: f32[1,1,28,28]
///   const %w: f32[6,1,5,5] = splat 0x00000000
///   node "conv1" = conv(%input, %w, _) -> (%y: f32[1,6,24,24]) {"dilations":[1,1],…}
///   schedule {"kernel":"conv1","tile":{"k":25,"m":576,"n":6,"order":"mnk"}}
///   output %y
/// }
/// ```
/// A `schedule` line holds the compiler's decisions for the node above it.
/// Value names are bare when they are made of letters, digits, `_` and `.`, else quoted.
/// Constant data is hex of the little-endian element bytes; `GraphParser` reads it all back.
extension Graph {
  /// Prints the graph.
  /// - Parameter elideConstantsOver: Dense constants with more bytes than this print as
  ///   `dense <N bytes>` (readable, but no longer parseable). `nil` prints all data.
  public func printed(elideConstantsOver limit: Int? = nil) -> String {
    var out = "graph \(TextSyntax.quoted(name)) {\n"
    for id in inputs { out += "  input \(valueDeclaration(id))\n" }
    for id in constantIDs {
      guard let tensor = constants[id] else { continue }
      out += "  const \(valueDeclaration(id)) = \(constantText(tensor, limit: limit))\n"
    }
    for node in nodes {
      let operands = node.inputs.map { $0.map { TextSyntax.valueName(self[$0].name) } ?? "_" }
      let results = node.outputs.map(valueDeclaration)
      var line = "  node \(TextSyntax.quoted(node.name)) = \(node.op.name)(\(operands.joined(separator: ", ")))"
      line += " -> (\(results.joined(separator: ", ")))"
      if let json = node.op.attributeJSON { line += " \(json)" }
      out += line + "\n"
      if !node.schedule.isEmpty { out += "  schedule \(node.schedule.json)\n" }
    }
    for id in outputs { out += "  output \(TextSyntax.valueName(self[id].name))\n" }
    return out + "}\n"
  }

  private func valueDeclaration(_ id: ValueID) -> String {
    "\(TextSyntax.valueName(self[id].name)): \(self[id].type)"
  }

  private func constantText(_ tensor: Tensor, limit: Int?) -> String {
    switch tensor.storage {
    case .splat(let bytes): return "splat 0x" + TextSyntax.hex(bytes)
    case .dense(let bytes):
      if let limit, bytes.count > limit { return "dense <\(bytes.count) bytes>" }
      return "dense 0x" + TextSyntax.hex(bytes)
    }
  }
}

/// Lexical conventions shared by the printer and the parser.
enum TextSyntax {
  static func isBare(_ name: String) -> Bool {
    !name.isEmpty
      && name.utf8.allSatisfy { c in
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 46
      }
  }

  static func valueName(_ name: String) -> String { "%" + (isBare(name) ? name : quoted(name)) }

  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u{%x}", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  private static let digits = Array("0123456789abcdef".utf8)

  static func hex(_ data: Data) -> String {
    var bytes = [UInt8]()
    bytes.reserveCapacity(data.count * 2)
    for byte in data {
      bytes.append(digits[Int(byte >> 4)])
      bytes.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
