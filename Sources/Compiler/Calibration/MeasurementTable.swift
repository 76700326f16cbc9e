import Foundation

/// Per-node measurements (`docs/calibration.md`): CSV with a header naming at least `model`,
/// `node`, `op`, `batch` and `seconds` (optional `runs`, `spread`, `input_shape`), one row per node
/// of an ONNX model whose path is relative to the CSV. What `tools/measure-onnxruntime.py`
/// and `tessera run --profile` write.
public struct MeasurementTable: Sendable {
  public struct Row: Sendable, Hashable {
    /// The model's path, resolved against the CSV's folder.
    public var model: String
    public var node: String
    public var op: String
    public var batch: Int
    public var seconds: Double
    public var runs: Int
    /// Run-to-run spread relative to `seconds` (interquartile range over median; 0: unknown).
    public var spread: Double
    /// Input shapes the model was measured at (`NAME=4x3x227x227` settings; empty: as declared).
    public var inputShapes: [String] = []
  }

  public var rows: [Row] = []

  /// Most rows read from all files together (a bound, not a tuning knob).
  public static let maximumRows = 1_000_000

  /// One file's text; model paths resolve against `folder`.
  public init(text: String, file: String, folder: URL) throws(CompileError) {
    try read(text, file: file, folder: folder)
    guard !rows.isEmpty else { throw CompileError("\(file): no measurements") }
  }

  public init(files: [String]) throws(CompileError) {
    for file in files {
      guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        throw CompileError("\(file): cannot read the file as UTF-8 text")
      }
      let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
      try read(text, file: file, folder: folder)
    }
    guard !rows.isEmpty else { throw CompileError("\(files.joined(separator: ", ")): no measurements") }
  }

  private mutating func read(_ text: String, file: String, folder: URL) throws(CompileError) {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    guard let header = lines.first.map({ Self.fields($0) }) else { throw CompileError("\(file): empty") }
    func column(_ name: String, required: Bool = true) throws(CompileError) -> Int? {
      let index = header.firstIndex(of: name)
      if index == nil && required {
        throw CompileError("\(file): the header lacks '\(name)' (needs model,node,op,batch,seconds)")
      }
      return index
    }
    let (model, node, op, batch, seconds) = (
      try column("model"), try column("node"), try column("op"), try column("batch"), try column("seconds")
    )
    let (runs, spread) = (try column("runs", required: false), try column("spread", required: false))
    let shapes = try column("input_shape", required: false)
    for (offset, line) in lines.enumerated().dropFirst() where !line.allSatisfy(\.isWhitespace) {
      let at = "\(file):\(offset + 1)"
      let fields = Self.fields(line)
      func field(_ index: Int?) -> String? { index.flatMap { $0 < fields.count ? fields[$0] : nil } }
      guard let path = field(model), !path.isEmpty, let name = field(node), let opName = field(op) else {
        throw CompileError("\(at): expected \(header.count) fields, got \(fields.count)")
      }
      guard let b = field(batch).flatMap({ Int($0) }), (1...65536).contains(b) else {
        throw CompileError("\(at): batch must be an integer in 1...65536, got '\(field(batch) ?? "")'")
      }
      guard let s = field(seconds).flatMap({ Double($0) }), s.isFinite, s > 0, s < 1e6 else {
        throw CompileError("\(at): seconds must be a number in (0, 1e6), got '\(field(seconds) ?? "")'")
      }
      let r = field(runs).flatMap { Int($0) } ?? 1
      let d = field(spread).flatMap { Double($0) } ?? 0
      guard r >= 1, d.isFinite, d >= 0 else { throw CompileError("\(at): runs must be ≥ 1 and spread ≥ 0") }
      let resolved = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardized.path
      var row = Row(model: resolved, node: name, op: opName, batch: b, seconds: s, runs: r, spread: d)
      row.inputShapes = (field(shapes) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
      rows.append(row)
      guard rows.count <= Self.maximumRows else {
        throw CompileError("\(file): more than \(Self.maximumRows) measurements")
      }
    }
  }

  /// The fields of one CSV line: commas separate, double quotes quote (`""` is a quote).
  static func fields(_ line: Substring) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var previous: Character?
    for character in line {
      if character == "\"" {
        if !quoted && previous == "\"" { current.append("\"") }
        quoted.toggle()
      } else if character == "," && !quoted {
        result.append(current)
        current = ""
      } else {
        current.append(character)
      }
      previous = character
    }
    result.append(current)
    return result.map { $0.trimmingCharacters(in: .whitespaces) }
  }
}
