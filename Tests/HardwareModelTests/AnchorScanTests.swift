import Testing

@testable import HardwareModel

/// The anchor and alias scan that replaced a regex (a static `Regex` shows as a leak to the
/// fuzzers' LeakSanitizer): the same lines refused, the same ones let through.
@Test(arguments: [
  ("base: &b {rows: 1}", true), ("- *b", true), ("x: [*a, 1]", true), ("x: {k: *a}", true), ("x:\t&tab y", true),
  ("x: 'a &b'", false), ("x: \"*b\"", false), ("# &b comment", false), ("x: 2 * 3", false), ("x: a&b", false),
  ("x: &", false), ("x: & b", false), ("x: 1 # *b", false), ("", false),
])
func anchorsAndAliasesAreFoundOutsideCommentsAndQuotes(_ line: String, _ found: Bool) {
  #expect(AcceleratorLoader.hasAnchorOrAlias(Substring(line)) == found, "\(line)")
}
