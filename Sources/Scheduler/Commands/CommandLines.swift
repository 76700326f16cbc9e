/// A command stream as JSON lines (`tessera compile --emit-commands FILE`), one object per
/// line with sorted keys, written as it is produced (a loop's iterations are expanded one at
/// a time, never held together):
///
/// - a header: `{"clock_mhz":…,"family":…,"kernels":N,"queue_depths":{…},"target":…,"type":"stream"}`;
/// - per kernel, a `"type":"kernel"` line (`index`, `name`, `loops`: `[{"name","trips"}]`,
///   outermost first, the largest trip count of ragged levels);
/// - then one `"type":"command"` line per command in program order: `kernel`, `phase`
///   (`prologue`, `loop`, `epilogue`), `position` (the loop indices, loop commands only),
///   `kind`, `mnemonic`, `queue`, `unit`, `bytes`, `cycles`, `reads` and `writes`
///   (`"level[offset+size]"`) and `tensor`.
///
/// Equal streams give equal bytes.
public enum CommandLines {
  /// Writes `stream` line by line (each line ends in a newline) and returns how many command
  /// lines it wrote.
  @discardableResult
  public static func write<E: Error>(_ stream: CommandStream, to emit: (String) throws(E) -> Void) throws(E) -> Int {
    var depths = "{"
    for (offset, name) in stream.queueDepths.keys.sorted().enumerated() {
      depths += (offset > 0 ? "," : "") + quoted(name) + ":" + String(stream.queueDepths[name] ?? 0)
    }
    depths += "}"
    try emit(
      "{\"clock_mhz\":\(number(stream.clockMHz)),\"family\":\(quoted(stream.family)),"
        + "\"kernels\":\(stream.kernels.count),\"queue_depths\":\(depths),\"target\":\(quoted(stream.target)),"
        + "\"type\":\"stream\"}\n")
    var count = 0
    for program in stream.kernels {
      let loops = (program.loop?.levels ?? []).map { "{\"name\":\(quoted($0.name)),\"trips\":\($0.trips)}" }
      try emit(
        "{\"index\":\(program.kernel),\"loops\":[\(loops.joined(separator: ","))],\"name\":\(quoted(program.name)),"
          + "\"type\":\"kernel\"}\n")
      for command in program.prologue {
        try emit(line(command, kernel: program.kernel, phase: "prologue", position: nil))
        count += 1
      }
      if let loop = program.loop {
        try loop.forEachPosition { (position) throws(E) in
          for command in loop.body(position) {
            try emit(line(command, kernel: program.kernel, phase: "loop", position: position))
            count += 1
          }
        }
      }
      for command in program.epilogue {
        try emit(line(command, kernel: program.kernel, phase: "epilogue", position: nil))
        count += 1
      }
    }
    return count
  }

  static func line(_ c: Command, kernel: Int, phase: String, position: [Int]?) -> String {
    var out = c.accumulates ? "{\"accumulates\":true," : "{"
    out +=
      "\"bytes\":\(c.bytes),\"cycles\":\(number(c.cycles)),\"kernel\":\(kernel),\"kind\":\"\(c.kind.rawValue)\","
    out += "\"mnemonic\":\(quoted(c.mnemonic)),\"phase\":\"\(phase)\","
    if let position { out += "\"position\":[\(position.map(String.init).joined(separator: ","))]," }
    out += "\"queue\":\(quoted(c.queue)),\"reads\":\(regions(c.reads)),"
    if c.requestBytes > 0 { out += "\"request_bytes\":\(c.requestBytes)," }
    out += "\"tensor\":\(quoted(c.tensor)),"
    out += "\"type\":\"command\",\"unit\":\(quoted(c.unit)),\"writes\":\(regions(c.writes))}\n"
    return out
  }

  static func regions(_ regions: [Region]) -> String {
    "[" + regions.map { quoted($0.description) }.joined(separator: ",") + "]"
  }

  /// A JSON number: integers without a fraction, others in Swift's shortest round-trip form;
  /// `null` for infinities and NaN (JSON has none).
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 9e15 { return String(Int(value)) }
    return value.description
  }

  /// A JSON string literal.
  public static func quoted(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return "\"" + text + "\""
    }
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
