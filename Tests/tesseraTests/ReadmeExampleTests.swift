import Foundation
import Testing

/// Every `tessera` command shown in a code block of the README runs from the repository root on
/// files in the repository and exits 0. Files the command writes go to a temporary folder.
struct ReadmeExampleTests {
  /// Options whose value is a file or folder the command writes.
  static let outputOptions: Set<String> = ["--out", "--trace", "--emit-commands", "--export-qdq", "--output-dir"]

  /// The commands of the README's fenced code blocks, continuation lines joined, `$ ` dropped.
  static let examples: [String] = {
    let readme = CLITests.repository.appendingPathComponent("README.md")
    guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return ["README.md is missing"] }
    var commands: [String] = []
    var inBlock = false
    var pending = ""
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("```") {
        inBlock.toggle()
        continue
      }
      guard inBlock else { continue }
      var command = pending + (line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line)
      if command.hasSuffix("\\") {
        pending = String(command.dropLast())
        continue
      }
      pending = ""
      if let comment = command.range(of: "   #") { command = String(command[..<comment.lowerBound]) }
      if command.hasPrefix("swift run -c release ") {
        command = String(command.dropFirst("swift run -c release ".count))
      }
      if command.hasPrefix("tessera ") { commands.append(command.trimmingCharacters(in: .whitespaces)) }
    }
    return commands
  }()

  /// Splits a command line into arguments, honouring single quotes.
  static func arguments(_ command: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    for character in command {
      if character == "'" {
        quoted.toggle()
      } else if character == " " && !quoted {
        if !current.isEmpty { result.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { result.append(current) }
    return Array(result.dropFirst())
  }

  @Test func theReadmeHasExamples() {
    #expect(Self.examples.count >= 10, "\(Self.examples)")
  }

  @Test(arguments: examples)
  func exampleRuns(_ command: String) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-readme")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    var arguments = Self.arguments(command)
    for index in arguments.indices.dropFirst() where Self.outputOptions.contains(arguments[index - 1]) {
      arguments[index] = scratch.appendingPathComponent(URL(fileURLWithPath: arguments[index]).lastPathComponent).path
    }
    let result = try CLITests.run(arguments)
    #expect(result.status == 0, "\(command): \(result.stderr)")
  }
}
