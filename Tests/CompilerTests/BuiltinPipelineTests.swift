import Compiler
import Foundation
import PassKit
import Testing
import Transforms

struct BuiltinPipelineTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../passes")
    .standardized

  /// passes/*.pipeline and the copies embedded in the binary are the same.
  @Test func embeddedPipelinesMatchTheFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
      .filter { $0.hasSuffix(".pipeline") }.sorted()
    #expect(files.map { String($0.dropLast(".pipeline".count)) } == Array(BuiltinPipelines.names.dropFirst()))
    for file in files {
      let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
      let name = String(file.dropLast(".pipeline".count))
      let trimmed = { (s: String) in s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } }
      #expect(trimmed(text) == trimmed(BuiltinPipelines.text(named: name) ?? ""), "run tools/embed-files.sh")
    }
  }

  /// Regression: an empty pipeline (text, or only separators and comments) was accepted and
  /// ran nothing; `o0` is how to say that.
  @Test(arguments: ["", " , ", "# nothing\n"])
  func emptyPipelinesAreRejected(_ text: String) {
    #expect { try BuiltinPipelines.resolve(text) } throws: { "\($0)".contains("names no pass") }
    #expect(throws: Never.self) { try BuiltinPipelines.resolve("o0") }
  }

  /// Every shipped pipeline builds for every built-in target.
  @Test func everyPipelineBuilds() throws {
    for name in BuiltinPipelines.names {
      let text = try #require(BuiltinPipelines.text(named: name))
      #expect(throws: Never.self) { try PassRegistry.pipeline(text, target: .systolic) }
    }
  }

  @Test func resolvesNamesFilesAndText() throws {
    #expect(try BuiltinPipelines.resolve("o0").text == "")
    #expect(try BuiltinPipelines.resolve("fuse{max-ops=2}").text == "fuse{max-ops=2}")
    let file = Self.folder.appendingPathComponent("default.pipeline").path
    #expect(try BuiltinPipelines.resolve(file).text.contains("fuse"))
    #expect(BuiltinPipelines.defaultName(forTarget: "my-own-target") == "default")
  }
}
