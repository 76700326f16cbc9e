import ArgumentParser
import Compiler
import Foundation

/// `--html FILE`: a self-contained HTML report beside the usual output.
struct HTMLOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Also write a self-contained HTML report (plots inline, no network) to this file.",
      discussion: "Open it in any browser; `tessera report SAVED.json --html FILE` makes one from a JSON report.",
      valueName: "file.html"))
  var html: String?

  /// The file, opened before any work so a bad path fails at once.
  func open() throws -> OutputFile? {
    do { return try html.map { try OutputFile($0, flag: "--html") } } catch { throw UserError("\(error)") }
  }
}

extension OutputFile {
  /// Writes a whole page and says so on stderr.
  func writePage(_ page: String) throws {
    do {
      try write(page)
      try close()
    } catch { throw UserError("\(error)") }
    note("wrote the HTML report to \(path)")
  }
}

/// A file's name without folder or extension: the model's name in report titles.
func baseName(_ path: String) -> String {
  URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
}
