/// An error in a graph: bad shapes, bad attributes, broken structure.
///
/// `node` names the node at fault when there is one; the message says what is wrong.
public struct IRError: Error, Sendable, CustomStringConvertible, Equatable {
  public var message: String
  public var node: String?

  public init(_ message: String, node: String? = nil) {
    self.message = message
    self.node = node
  }

  public var description: String {
    if let node { return "node '\(node)': \(message)" }
    return message
  }

  /// The same error attributed to `node`, unless it already names one.
  public func at(node name: String) -> IRError {
    node == nil ? IRError(message, node: name) : self
  }
}

/// Throws an `IRError` with `message` unless `condition` holds.
@inlinable
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(IRError) {
  if !condition { throw IRError(message()) }
}
