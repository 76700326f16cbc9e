/// A pass pipeline as text: `canonicalize,fuse{max-ops=4},quantize{mode=int8 calibration=minmax}`.
///
/// Passes are separated by commas; options sit in braces as `key=value` pairs separated by
/// spaces (or commas). In pipeline files, `#` starts a comment and newlines separate passes
/// like commas. `description` prints the canonical form, which parses back to the same value.
public struct PipelineText: Hashable, Sendable, CustomStringConvertible {
  public struct Element: Hashable, Sendable {
    public var name: String
    /// Options in the order written.
    public var options: [(key: String, value: String)]

    public init(name: String, options: [(key: String, value: String)] = []) {
      self.name = name
      self.options = options
    }

    public static func == (a: Element, b: Element) -> Bool {
      a.name == b.name && a.options.map(\.key) == b.options.map(\.key)
        && a.options.map(\.value) == b.options.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(name)
      for option in options {
        hasher.combine(option.key)
        hasher.combine(option.value)
      }
    }
  }

  /// A syntax error with the 1-based character position it was found at (counted in the text
  /// with comments removed and lines joined by commas).
  public struct ParseError: Error, Sendable, CustomStringConvertible, Equatable {
    public var position: Int
    public var message: String
    public var description: String { "pipeline position \(position): \(message)" }
  }

  public var elements: [Element]

  public init(_ elements: [Element]) { self.elements = elements }

  public var description: String {
    elements.map { element in
      element.options.isEmpty
        ? element.name : "\(element.name){\(element.options.map { "\($0.key)=\($0.value)" }.joined(separator: " "))}"
    }.joined(separator: ",")
  }

  /// Parses pipeline text (comments and newlines allowed).
  public static func parse(_ text: String) throws(ParseError) -> PipelineText {
    var elements: [Element] = []
    let characters = Array(stripComments(text))
    var i = 0
    func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." }
    func skipSeparators(_ separators: Set<Character>) {
      while i < characters.count, characters[i].isWhitespace || separators.contains(characters[i]) { i += 1 }
    }
    func word() throws(ParseError) -> String {
      let start = i
      while i < characters.count, isNameCharacter(characters[i]) { i += 1 }
      guard i > start else {
        let found = i < characters.count ? "'\(characters[i])'" : "the end"
        throw ParseError(position: i + 1, message: "expected a name, found \(found)")
      }
      return String(characters[start..<i])
    }
    skipSeparators([","])
    while i < characters.count {
      let name = try word()
      var options: [(key: String, value: String)] = []
      while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
      if i < characters.count, characters[i] == "{" {
        i += 1
        skipSeparators([","])
        while i < characters.count, characters[i] != "}" {
          let keyPosition = i + 1
          let key = try word()
          guard i < characters.count, characters[i] == "=" else {
            throw ParseError(position: i + 1, message: "expected '=' after option '\(key)' of '\(name)'")
          }
          i += 1
          let value = try word()
          if options.contains(where: { $0.key == key }) {
            throw ParseError(position: keyPosition, message: "option '\(key)' of '\(name)' is given twice")
          }
          options.append((key, value))
          skipSeparators([","])
        }
        guard i < characters.count else {
          throw ParseError(position: i + 1, message: "missing '}' after the options of '\(name)'")
        }
        i += 1
      }
      elements.append(Element(name: name, options: options))
      let before = i
      skipSeparators([","])
      if i < characters.count, i == before {
        throw ParseError(position: i + 1, message: "expected ',' between passes, found '\(characters[i])'")
      }
    }
    return PipelineText(elements)
  }

  private static func stripComments(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }.joined(separator: ",")
  }
}
