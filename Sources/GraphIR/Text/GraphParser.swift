import Foundation

/// Reads the textual IR written by `Graph.printed()`.
///
/// Output types written in the text are checked against shape inference, so a hand-edited
/// file with a wrong shape is rejected with its line number.
public enum GraphParser {
  public static func parse(_ text: String) throws(IRError) -> Graph {
    var state = ParseState()
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    for (offset, line) in lines.enumerated() {
      do { try state.parseLine(Substring(line)) } catch {
        throw IRError("line \(offset + 1): \(error.description)")
      }
    }
    guard state.started, state.closed else { throw IRError("missing 'graph \"name\" {' … '}'") }
    return state.graph
  }
}

private struct ParseState {
  /// The graph being built, mutated in place (copying it per line would be quadratic).
  var graph = Graph(name: "")
  var started = false
  var closed = false
  var ids: [String: ValueID] = [:]

  mutating func parseLine(_ line: Substring) throws(IRError) {
    var lexer = Lexer(line)
    guard let keyword = lexer.word() else {
      try require(lexer.atEnd || lexer.peek("}"), "expected a statement")
      if lexer.peek("}") {
        try require(started && !closed, "unexpected '}'")
        closed = true
      }
      return
    }
    if keyword == "graph" {
      try require(!started, "second graph")
      graph = Graph(name: try lexer.string())
      started = true
      try lexer.expect("{")
      return
    }
    guard started, !closed else { throw IRError("statement outside a graph") }
    switch keyword {
    case "input":
      let (name, type) = try lexer.declaration()
      graph.inputs.append(try define(name, type))
    case "const":
      let (name, type) = try lexer.declaration()
      try lexer.expect("=")
      let kind = lexer.word()
      let bytes = try lexer.hexData()
      let storage: Tensor.Storage
      switch kind {
      case "splat": storage = .splat(bytes)
      case "dense": storage = .dense(bytes)
      default: throw IRError("expected 'splat' or 'dense'")
      }
      let id = try define(name, type)
      graph.constants[id] = try Tensor(type: type, storage: storage)
    case "node":
      let nodeName = try lexer.string()
      try lexer.expect("=")
      guard let opName = lexer.word() else { throw IRError("expected an op name") }
      try lexer.expect("(")
      var inputs: [ValueID?] = []
      while !lexer.peek(")") {
        if lexer.consume("_") {
          inputs.append(nil)
        } else {
          let name = try lexer.valueName()
          guard let id = ids[name] else { throw IRError("node '\(nodeName)' uses undefined value '\(name)'") }
          inputs.append(id)
        }
        if !lexer.consume(",") { break }
      }
      try lexer.expect(")")
      try lexer.expect("->")
      try lexer.expect("(")
      var results: [(String, TensorType)] = []
      repeat { results.append(try lexer.declaration()) } while lexer.consume(",")
      try lexer.expect(")")
      let json = lexer.rest()
      // Integer attributes (axes, pads, strides) stay far from overflow: at most 12 digits.
      let integers = json.matches(of: /-?[0-9.eE+]+/).map(\.output).filter {
        $0.allSatisfy { $0.isNumber || $0 == "-" }
      }
      try require(integers.allSatisfy { $0.count <= 13 }, "integer attributes must be below 10^12 in magnitude")
      let op = try Op(name: opName, attributeJSON: json.isEmpty ? nil : json)
      var seen = Set<String>()
      for (name, _) in results {
        try require(ids[name] == nil && seen.insert(name).inserted, "value '\(name)' is defined twice")
      }
      let outputs = try graph.addNode(nodeName, op, inputs: inputs, outputNames: results.map(\.0))
      for (id, (name, type)) in zip(outputs, results) {
        try require(
          graph[id].type == type, "node '\(nodeName)': '\(name)' declared \(type), inferred \(graph[id].type)")
        ids[name] = id
      }
    case "schedule":
      guard let index = graph.nodes.indices.last, graph.nodes[index].schedule.isEmpty else {
        throw IRError("a 'schedule' line must follow the node it belongs to")
      }
      let json = lexer.rest()
      let schedule: NodeSchedule
      do { schedule = try JSONDecoder().decode(NodeSchedule.self, from: Data(json.utf8)) } catch {
        throw IRError("bad schedule \(json.prefix(40)): not a schedule object")
      }
      if let problem = schedule.tile?.problem { throw IRError("node '\(graph.nodes[index].name)': \(problem)") }
      graph.nodes[index].schedule = schedule
    case "output":
      let name = try lexer.valueName()
      guard let id = ids[name] else { throw IRError("output '\(name)' is undefined") }
      graph.outputs.append(id)
    default:
      throw IRError("unknown statement '\(keyword)'")
    }
    try require(lexer.atEnd, "unexpected text after the statement")
  }

  mutating func define(_ name: String, _ type: TensorType) throws(IRError) -> ValueID {
    try require(ids[name] == nil, "value '\(name)' is defined twice")
    let id = graph.addValue(name, type)
    ids[name] = id
    return id
  }
}

/// A tokenizer over one line.
private struct Lexer {
  /// Bounds on what a text file may declare, so arithmetic on shapes cannot overflow.
  static let maxExtent = 1 << 44
  static let maxRank = 64

  var text: Substring

  init(_ text: Substring) { self.text = text.drop { $0 == " " || $0 == "\t" } }

  var atEnd: Bool { text.allSatisfy(\.isWhitespace) }

  private mutating func skipSpace() { text = text.drop { $0 == " " || $0 == "\t" } }

  func peek(_ token: String) -> Bool { text.hasPrefix(token) }

  mutating func consume(_ token: String) -> Bool {
    guard text.hasPrefix(token) else { return false }
    text = text.dropFirst(token.count)
    skipSpace()
    return true
  }

  mutating func expect(_ token: String) throws(IRError) {
    guard consume(token) else { throw IRError("expected '\(token)' at '\(text.prefix(20))'") }
  }

  mutating func word() -> String? {
    let word = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    guard !word.isEmpty else { return nil }
    text = text.dropFirst(word.count)
    skipSpace()
    return String(word)
  }

  mutating func rest() -> String {
    let rest = String(text).trimmingCharacters(in: .whitespaces)
    text = ""
    return rest
  }

  mutating func string() throws(IRError) -> String {
    guard text.first == "\"" else { throw IRError("expected a quoted string at '\(text.prefix(20))'") }
    text = text.dropFirst()
    var result = ""
    while let c = text.first {
      text = text.dropFirst()
      if c == "\"" {
        skipSpace()
        return result
      }
      if c == "\\" {
        guard let escaped = text.first else { break }
        text = text.dropFirst()
        switch escaped {
        case "n": result.append("\n")
        case "u":
          let body = text.prefix { $0 != "}" }
          guard body.hasPrefix("{"), let code = UInt32(body.dropFirst(), radix: 16), let scalar = Unicode.Scalar(code)
          else { throw IRError("bad \\u escape") }
          result.unicodeScalars.append(scalar)
          text = text.dropFirst(body.count + 1)
        default: result.append(escaped)
        }
      } else {
        result.append(c)
      }
    }
    throw IRError("unterminated string")
  }

  mutating func valueName() throws(IRError) -> String {
    try expect("%")
    if text.first == "\"" { return try string() }
    guard let name = word() else { throw IRError("expected a value name") }
    return name
  }

  mutating func declaration() throws(IRError) -> (String, TensorType) {
    let name = try valueName()
    try expect(":")
    return (name, try tensorType())
  }

  mutating func tensorType() throws(IRError) -> TensorType {
    guard let word = word(), let dtype = DType(rawValue: word) else { throw IRError("expected an element type") }
    try expect("[")
    var shape: Shape = []
    while let extent = self.word() {
      guard let value = Int(extent), value >= 0, value <= Self.maxExtent else {
        throw IRError("bad extent '\(extent)' (0...\(Self.maxExtent))")
      }
      shape.append(value)
      try require(shape.count <= Self.maxRank, "more than \(Self.maxRank) dimensions")
      if !consume(",") { break }
    }
    try expect("]")
    return TensorType(dtype, shape)
  }

  mutating func hexData() throws(IRError) -> Data {
    if text.hasPrefix("<") { throw IRError("constant data was elided when printed; print with all data to parse") }
    try expect("0x")
    let digits = text.prefix { $0.isASCII && $0.isHexDigit }
    text = text.dropFirst(digits.count)
    skipSpace()
    try require(digits.count % 2 == 0, "odd number of hex digits")
    var data = Data(capacity: digits.count / 2)
    var high: UInt8?
    for c in digits.utf8 {
      let nibble = c <= 57 ? c - 48 : (c | 0x20) - 87
      if let h = high {
        data.append(h << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    return data
  }
}
