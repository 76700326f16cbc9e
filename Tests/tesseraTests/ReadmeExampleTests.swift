import Foundation
import Testing

/// Every `tessera` command shown in a code block of the README runs from the repository root on
/// files in the repository and exits 0. Files the command writes go to a temporary folder.
struct ReadmeExampleTests {
  /// Options whose value is a file or folder the command writes.
  static let outputOptions: Set<String> = [
    "--out", "--trace", "--emit-commands", "--export-qdq", "--output-dir", "--html",
  ]

  /// The commands of each fenced code block of the README that has any, continuation lines
  /// joined, `$ ` dropped.
  static let examples: [[String]] = {
    let readme = CLITests.repository.appendingPathComponent("README.md")
    guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return [["README.md is missing"]] }
    var blocks: [[String]] = []
    var commands: [String] = []
    var inBlock = false
    var pending = ""
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("```") {
        if inBlock && !commands.isEmpty { blocks.append(commands) }
        commands = []
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
    return blocks
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
    #expect(Self.examples.joined().count >= 10, "\(Self.examples)")
  }

  /// The commands of one code block, in order: a file one writes is the file a later one reads.
  @Test(arguments: examples)
  func examplesRun(_ commands: [String]) throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-readme-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    var written: [String: String] = [:]
    for command in commands {
      var arguments = Self.arguments(command)
      for index in arguments.indices {
        if index > 0, Self.outputOptions.contains(arguments[index - 1]) {
          let path = scratch.appendingPathComponent(URL(fileURLWithPath: arguments[index]).lastPathComponent).path
          written[arguments[index]] = path
          arguments[index] = path
        } else if let path = written[arguments[index]] {
          arguments[index] = path
        }
      }
      let result = try CLITests.run(arguments)
      #expect(result.status == 0, "\(command): \(result.stderr)")
    }
  }
}
