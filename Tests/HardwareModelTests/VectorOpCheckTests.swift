import HardwareModel
import Testing

/// A vector unit's `ops:` list is checked against the op names the caller knows: a misspelt op
/// is an error naming its key and line instead of a kernel silently sent to the host.
struct VectorOpCheckTests {
  static func target(ops: String) -> String {
    BuiltinTargets.yaml(named: "gemmini")?.replacingOccurrences(
      of: "ops: [relu, clip, maxPool, add]", with: "ops: \(ops)") ?? ""
  }

  static let known: Set<String> = ["relu", "clip", "maxPool", "add"]

  @Test func theGemminiListIsWhatTheTestEdits() {
    #expect(Self.target(ops: "X").contains("ops: X"))
  }

  @Test(arguments: [
    ("[relu, maxpool]", "compute[1].ops[1]: unknown op 'maxpool' (did you mean 'maxPool'?)"),
    ("[relu, relu6]", "compute[1].ops[1]: unknown op 'relu6' (ops are the IR's names"),
  ])
  func aMisspeltOpIsAnErrorWithItsLine(_ ops: String, _ message: String) throws {
    #expect {
      _ = try AcceleratorLoader.load(Self.target(ops: ops), file: "t.yaml", knownOps: Self.known)
    } throws: { error in
      let text = "\(error)"
      return text.contains(message) && text.contains("(line ")
    }
  }

  @Test func unknownOpsPassWhenNotChecked() throws {
    _ = try AcceleratorLoader.load(Self.target(ops: "[relu, maxpool]"), file: "t.yaml")
  }
}
