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

  public var description: String {
    if let node { return "\(file): node '\(node)': \(message)" }
    return "\(file): \(message)"
  }
}

/// An error inside the importer before the file name is attached.
struct TranslationError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
