/// At most `limit` characters of user input for an error message: longer text is cut and
/// says how long it was, so a 10 MB line is not echoed back to the terminal.
public func excerpt(_ text: some StringProtocol, limit: Int = 200) -> String {
  guard text.count > limit else { return String(text) }
  return text.prefix(limit) + "… (\(text.count) characters)"
}
