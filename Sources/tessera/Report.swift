import ArgumentParser
import Compiler
import Foundation
import HTMLReport

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Make the HTML report of a saved JSON report (compile, simulate, compare or explore --format json).",
    discussion: """
      Examples:
        tessera compile onnx-samples/resnet18.onnx --target gemmini --format json > resnet18.json
        tessera report resnet18.json --html resnet18.html
      """)

  @Argument(
    help: ArgumentHelp("A JSON report written by compile, simulate, compare or explore.", valueName: "report.json"))
  var report: String

  @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file.html"))
  var html: String

  func run() throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: report)[.size] as? Int) ?? nil
    guard let size, size <= 1 << 30, let data = FileManager.default.contents(atPath: report) else {
      throw UserError("\(report): not a readable file of at most 1 GiB")
    }
    let page: String
    do { page = try HTML.saved(data, file: report) } catch { throw UserError("\(error)") }
    try writePage(page, to: html)
  }
}
