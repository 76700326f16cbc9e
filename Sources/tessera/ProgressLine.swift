import Compiler
import Foundation

/// A progress line on stderr — count, rate and ETA, redrawn at most five times a second — when
/// stderr is a terminal; nothing on a pipe or file (so JSON and logs stay clean).
final class ProgressLine: @unchecked Sendable {
  private let label: String
  private let unit: String
  private let lock = NSLock()
  private let start = Date()
  private var printedAt = -1.0
  private var printed = false

  /// nil when stderr is not a terminal: then there is nothing to draw.
  init?(label: String, unit: String) {
    guard isatty(2) != 0 else { return nil }
    (self.label, self.unit) = (label, unit)
  }

  /// `done` of `total`; the rate counts `counted` (default `done`) over the time since the start.
  func update(_ done: Int, of total: Int, counted: Int? = nil, step: String = "") {
    let seconds = Date().timeIntervalSince(start)
    lock.lock()
    defer { lock.unlock() }
    guard seconds - printedAt >= 0.2 || done == total else { return }
    printedAt = seconds
    printed = true
    let rate = seconds > 0 ? Double(counted ?? done) / seconds : 0
    let eta = rate > 0 ? Double(max(total - done, 0)) / rate : 0
    let line = String(
      format: "\r%@: %@/%@ %@, %@/s, ETA %@%@\u{1B}[K", label, InspectReport.grouped(done),
      InspectReport.grouped(total), unit,
      rate >= 10 ? InspectReport.grouped(Int(rate.rounded())) : String(format: "%.1f", rate), Self.duration(eta),
      step.isEmpty ? "" : " · " + step)
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// `update` as a (done, total) callback.
  var callback: @Sendable (Int, Int) -> Void {
    { [self] done, total in update(done, of: total) }
  }

  /// Ends the line (once anything was drawn).
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    printed = false
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let whole = Int(seconds.rounded())
    return whole >= 3600
      ? "\(whole / 3600) h \(whole % 3600 / 60) min" : whole >= 60 ? "\(whole / 60) min \(whole % 60) s" : "\(whole) s"
  }
}
