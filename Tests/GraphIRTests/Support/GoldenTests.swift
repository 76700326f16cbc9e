import Foundation
import TesseraTestSupport
import Testing

/// The golden helper's diff says where texts differ.
@Suite("Golden helper")
struct GoldenTests {
  @Test("equal texts have no diff")
  func equal() {
    #expect(Golden.unifiedDiff(expected: "a\nb\n", actual: "a\nb\n") == nil)
  }

  @Test("a changed line shows with context and line numbers")
  func changedLine() {
    let old = (1...9).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
    let diff = Golden.unifiedDiff(expected: old, actual: new, context: 1)
    #expect(
      diff == """
        --- expected
        +++ actual
        @@ -4,3 +4,3 @@
            4 | line 4
        -   5 | line 5
        +   5 | line five
            6 | line 6
        """)
  }

  @Test("added trailing lines are reported after the common prefix")
  func addedLines() {
    let diff = Golden.unifiedDiff(expected: "a\n", actual: "a\nb\nc\n", context: 0)
    #expect(
      diff == """
        --- expected
        +++ actual
        @@ -2,0 +2,2 @@
        +   2 | b
        +   3 | c
        """)
  }

  @Test("long hunks are cut")
  func cut() {
    let diff =
      Golden.unifiedDiff(expected: "", actual: String(repeating: "x\n", count: 100), maxLines: 3) ?? ""
    #expect(diff.hasSuffix("… 98 more lines"))
  }
}
