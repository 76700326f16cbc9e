/// Why a model could not be imported: one line naming the file and, when there is one, the node.
public struct ImportError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var node: String?
  public var message: String

  public init(file: String, node: String? = nil, message: String) {
    self.file = file
    self.node = node
    self.message = message
  }

  /// One line: control characters escaped, very long messages cut.
  public var description: String {
    let text = node.map { "\(file): node '\($0)': \(message)" } ?? "\(file): \(message)"
    var line = ""
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        line += "\\n"
      } else if scalar.value < 0x20 {
        line += " "
      } else {
        line.unicodeScalars.append(scalar)
      }
    }
    return line.count > 1000 ? line.prefix(1000) + "… (\(line.count) characters)" : line
  }
}

/// An error inside the importer before the file name is attached.
struct TranslationError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
