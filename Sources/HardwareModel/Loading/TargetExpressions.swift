import Foundation
import Yams

/// Derived target values: a scalar written `= EXPR` is computed from other values of the same
/// file after `--set` overrides apply, so a generator's dependent parameters follow the ones
/// they derive from (`lanes: = compute.mesh.cols`). EXPR is arithmetic (`+ - * /`,
/// parentheses) over numbers and paths in `--set` syntax; a referenced value may itself be
/// derived. Results that are whole numbers are written without a fraction.
enum TargetExpressions {
  struct ExpressionError: Error, CustomStringConvertible {
    var description: String
  }

  /// `root` with every `= EXPR` scalar replaced by its value.
  static func resolve(_ root: Node) throws(ExpressionError) -> Node {
    var resolver = Resolver(root: root)
    return try resolver.rewrite(root, path: [])
  }

  private struct Resolver {
    let root: Node
    var inProgress: [String] = []

    mutating func rewrite(_ node: Node, path: [String]) throws(ExpressionError) -> Node {
      switch node {
      case .scalar(let scalar) where scalar.string.hasPrefix("="):
        return Node(Self.text(try value(of: scalar.string, at: path.joined(separator: "."))))
      case .mapping(var mapping):
        for (key, value) in mapping {
          guard case .scalar(let name) = key else { continue }
          mapping[name.string] = try rewrite(value, path: path + [name.string])
        }
        return .mapping(mapping)
      case .sequence(var sequence):
        for index in sequence.indices {
          var label = "[\(index)]"
          if case .mapping(let m) = sequence[index], case .scalar(let name)? = m["name"] { label = name.string }
          sequence[index] = try rewrite(sequence[index], path: path + [label])
        }
        return .sequence(sequence)
      default:
        return node
      }
    }

    mutating func value(of expression: String, at path: String) throws(ExpressionError) -> Double {
      guard expression.count <= 256 else {
        throw ExpressionError(description: "\(path): a derived value is limited to 256 characters")
      }
      guard !inProgress.contains(path), inProgress.count < 64 else {
        throw ExpressionError(description: "\(path): derived values refer to each other in a cycle")
      }
      inProgress.append(path)
      defer { inProgress.removeLast() }
      var parser = Parser(text: Array(expression.dropFirst()), path: path)
      let result = try parser.sum(&self)
      parser.skipSpaces()
      guard parser.position == parser.text.count else {
        throw ExpressionError(
          description: "\(path): unexpected '\(String(parser.text[parser.position...]))' in '\(expression)'")
      }
      guard result.isFinite else {
        throw ExpressionError(description: "\(path): '\(expression)' is not a finite number")
      }
      return result
    }

    /// The number at `reference` (`compute.mesh.cols`), resolving it first when derived.
    mutating func lookup(_ reference: String, from path: String) throws(ExpressionError) -> Double {
      let components = TargetOverride.components(reference)
      var node = root
      for key in components {
        switch node {
        case .mapping(let mapping) where mapping[key] != nil:
          node = mapping[key] ?? node
        case .sequence(let sequence):
          guard let index = TargetOverride.index(of: key, in: sequence) else {
            throw ExpressionError(description: "\(path): '\(reference)' names no value (no element '\(key)')")
          }
          node = sequence[index]
        default:
          throw ExpressionError(description: "\(path): '\(reference)' names no value (no key '\(key)')")
        }
      }
      guard case .scalar(let scalar) = node else {
        throw ExpressionError(description: "\(path): '\(reference)' is not a single value")
      }
      if scalar.string.hasPrefix("=") { return try value(of: scalar.string, at: components.joined(separator: ".")) }
      guard let number = Double(scalar.string) else {
        throw ExpressionError(description: "\(path): '\(reference)' is '\(scalar.string)', not a number")
      }
      return number
    }

    static func text(_ value: Double) -> String {
      value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
  }

  /// Recursive descent over `sum := product (('+'|'-') product)*`, `product := atom (('*'|'/') atom)*`,
  /// `atom := number | path | '(' sum ')' | '-' atom`.
  private struct Parser {
    let text: [Character]
    let path: String
    var position = 0

    init(text: [Character], path: String) {
      self.text = text
      self.path = path
    }

    mutating func skipSpaces() { while position < text.count, text[position] == " " { position += 1 } }

    mutating func sum(_ resolver: inout Resolver) throws(ExpressionError) -> Double {
      var result = try product(&resolver)
      while true {
        skipSpaces()
        guard position < text.count, text[position] == "+" || text[position] == "-" else { return result }
        let plus = text[position] == "+"
        position += 1
        let rhs = try product(&resolver)
        result = plus ? result + rhs : result - rhs
      }
    }

    mutating func product(_ resolver: inout Resolver) throws(ExpressionError) -> Double {
      var result = try atom(&resolver)
      while true {
        skipSpaces()
        guard position < text.count, text[position] == "*" || text[position] == "/" else { return result }
        let times = text[position] == "*"
        position += 1
        let rhs = try atom(&resolver)
        result = times ? result * rhs : result / rhs
      }
    }

    mutating func atom(_ resolver: inout Resolver) throws(ExpressionError) -> Double {
      skipSpaces()
      guard position < text.count else { throw ExpressionError(description: "\(path): the expression ends early") }
      if text[position] == "(" {
        position += 1
        let inner = try sum(&resolver)
        skipSpaces()
        guard position < text.count, text[position] == ")" else {
          throw ExpressionError(description: "\(path): a '(' is not closed")
        }
        position += 1
        return inner
      }
      if text[position] == "-" {
        position += 1
        return -(try atom(&resolver))
      }
      let start = position
      while position < text.count, text[position].isLetter || text[position].isNumber || "._[]".contains(text[position])
      {
        position += 1
      }
      let token = String(text[start..<position])
      guard !token.isEmpty else {
        throw ExpressionError(description: "\(path): unexpected '\(text[position])' in an expression")
      }
      if let number = Double(token) { return number }
      return try resolver.lookup(token, from: path)
    }
  }
}
