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

  /// The file's path, checked before any work (a bad path fails at once; the file itself is
  /// written only when the report is complete, so a failed run leaves none).
  func open() throws -> String? {
    guard let html else { return nil }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: html, isDirectory: &isDirectory), isDirectory.boolValue {
      throw UserError("--html \(html): is a directory")
    }
    let folder = URL(fileURLWithPath: html).deletingLastPathComponent().path
    guard FileManager.default.isWritableFile(atPath: folder) else {
      throw UserError("--html \(html): cannot write in \(folder)")
    }
    return html
  }
}

/// Writes a whole page to `path` and says so on stderr.
func writePage(_ page: String, to path: String) throws {
  do {
    let file = try OutputFile(path, flag: "--html")
    try file.write(page)
    try file.close()
  } catch { throw UserError("\(error)") }
  note("wrote the HTML report to \(path)")
}

/// A file's name without folder or extension: the model's name in report titles.
func baseName(_ path: String) -> String {
  URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
}
