import GraphIR

/// Parses `NAME=1x3x224x224` bindings of `--input-shape`.
public enum InputShapeParser {
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// - Throws: `ParseError` naming the bad binding.
  public static func parse(_ bindings: [String]) throws(ParseError) -> [String: Shape] {
    var result: [String: Shape] = [:]
    for binding in bindings {
      guard let equals = binding.lastIndex(of: "=") else {
        throw ParseError(description: "--input-shape '\(binding)' is not NAME=DIMS (e.g. input=1x3x224x224)")
      }
      let name = String(binding[..<equals])
      let text = binding[binding.index(after: equals)...]
      let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "x" || $0 == "," || $0 == "X" })
      var shape: Shape = []
      for part in parts where !text.isEmpty {
        guard let extent = Int(part), extent >= 1, extent <= 1 << 31 else {
          throw ParseError(description: "--input-shape '\(binding)': '\(part)' is not a positive dimension")
        }
        shape.append(extent)
      }
      guard !name.isEmpty else { throw ParseError(description: "--input-shape '\(binding)' has no input name") }
      guard result[name] == nil else { throw ParseError(description: "--input-shape binds '\(name)' twice") }
      result[name] = shape
    }
    return result
  }
}
