import GraphIR

/// Why a graph could not be run: names the input, node or file involved.
public struct InterpreterError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  /// The node being evaluated, if any.
  public var node: String?

  public init(_ message: String, node: String? = nil) {
    self.message = message
    self.node = node
  }

  public var description: String {
    node.map { "node '\($0)': \(message)" } ?? message
  }
}

/// Throws `InterpreterError(message)` unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(InterpreterError) {
  if !condition { throw InterpreterError(message()) }
}
