import Foundation
import Scheduler

/// A simulation as a Chrome trace (the JSON object format with `traceEvents`, opened by
/// Perfetto and chrome://tracing).
///
/// One process holds, top to bottom: a `kernels` track (each kernel a slice from the previous
/// kernel's end to its own: its share of the total), an `extrapolated` track (the loop spans
/// extrapolation skipped, with iterations and commands in `args`), one track per unit (a slice
/// per command from its start until it finished or the unit's next command started) and one
/// per queue (a slice per command while it waited at the queue's head: from its issue, or the
/// previous command's start, to its own start). Timestamps are microseconds at the target's
/// clock. A track with more than `limit` slices is coalesced: runs of consecutive slices with
/// the same name become one slice with a `count` argument, and if that is not enough, windows
/// of consecutive slices merge (names joined by `+`), so a trace of millions of commands still
/// opens. Equal results give equal bytes.
public enum ChromeTrace {
  /// One slice of a track.
  struct Slice {
    var name: String
    var start: Double
    var end: Double
    var count = 1
    /// Cycles the merged slices themselves cover (less than end − start when there are gaps).
    var busy: Double
    var args: [(String, String)] = []
  }

  /// Writes the trace of `result` (simulated with `SimulationOptions.recordCommands`) in
  /// pieces to `emit`; returns the number of trace events.
  @discardableResult
  public static func write<E: Error>(
    _ result: SimulationResult, limit: Int = 50_000, to emit: (String) throws(E) -> Void
  ) throws(E) -> Int {
    let clock = result.clockMHz > 0 ? result.clockMHz : 1
    var tracks: [(name: String, slices: [Slice])] = []
    tracks.append(("kernels", kernelSlices(result)))
    tracks.append(("extrapolated", extrapolatedSlices(result)))
    let units = Set(result.records.map(\.unit)).union(result.units.map(\.name)).sorted()
    let queues = Set(result.records.map(\.queue)).sorted()
    var byUnit: [String: [CommandRecord]] = [:]
    var byQueue: [String: [CommandRecord]] = [:]
    for record in result.records {
      byUnit[record.unit, default: []].append(record)
      byQueue[record.queue, default: []].append(record)
    }
    for unit in units { tracks.append(("unit " + unit, unitSlices(byUnit[unit] ?? []))) }
    for queue in queues { tracks.append(("queue " + queue, queueSlices(byQueue[queue] ?? []))) }

    var events = 0
    try emit("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock_mhz\":\(CommandLines.number(result.clockMHz)),")
    try emit(
      "\"target\":\(CommandLines.quoted(result.target)),\"total_cycles\":\(CommandLines.number(result.totalCycles))},")
    try emit("\"traceEvents\":[\n")
    func event(_ text: String) throws(E) {
      try emit((events > 0 ? ",\n" : "") + text)
      events += 1
    }
    try event(metadata("process_name", tid: 0, args: "\"name\":\(CommandLines.quoted("tessera " + result.target))"))
    for (tid, track) in tracks.enumerated() {
      try event(metadata("thread_name", tid: tid, args: "\"name\":\(CommandLines.quoted(track.name))"))
      try event(metadata("thread_sort_index", tid: tid, args: "\"sort_index\":\(tid)"))
    }
    for (tid, track) in tracks.enumerated() {
      for slice in coalesce(track.slices, limit: limit) {
        var args = slice.args
        if slice.count > 1 {
          args = [("busy_us", micro(slice.busy, clock)), ("count", String(slice.count))]
        }
        let argText = args.sorted { $0.0 < $1.0 }.map { "\(CommandLines.quoted($0.0)):\($0.1)" }
          .joined(separator: ",")
        try event(
          "{\"args\":{\(argText)},\"dur\":\(micro(max(slice.end - slice.start, 0), clock)),"
            + "\"name\":\(CommandLines.quoted(slice.name)),\"ph\":\"X\",\"pid\":1,\"tid\":\(tid),"
            + "\"ts\":\(micro(slice.start, clock))}")
      }
    }
    try emit("\n]}\n")
    return events
  }

  /// The whole trace as one string (tests, small results).
  public static func render(_ result: SimulationResult, limit: Int = 50_000) -> String {
    var out = ""
    write(result, limit: limit) { out += $0 }
    return out
  }

  static func metadata(_ name: String, tid: Int, args: String) -> String {
    "{\"args\":{\(args)},\"name\":\"\(name)\",\"ph\":\"M\",\"pid\":1,\"tid\":\(tid)}"
  }

  /// Cycles as microseconds, fixed precision (deterministic, 0.1 ns at 1 GHz).
  static func micro(_ cycles: Double, _ clockMHz: Double) -> String {
    guard cycles.isFinite else { return "0" }
    return String(format: "%.4f", cycles / clockMHz)
  }

  static func cycles(_ value: Double) -> String { CommandLines.number(value.rounded()) }

  static func kernelSlices(_ result: SimulationResult) -> [Slice] {
    var previous = 0.0
    var slices: [Slice] = []
    for kernel in result.kernels {
      let start = previous
      previous = max(previous, kernel.endCycle)
      guard kernel.representedCommands > 0 else { continue }
      slices.append(
        Slice(
          name: kernel.name, start: start, end: kernel.endCycle, busy: kernel.endCycle - start,
          args: [
            ("index", String(kernel.index)), ("cycles", cycles(kernel.cycles)),
            ("simulated_commands", String(kernel.simulatedCommands)),
            ("represented_commands", String(kernel.representedCommands)),
          ]))
    }
    return slices
  }

  static func extrapolatedSlices(_ result: SimulationResult) -> [Slice] {
    let names = Dictionary(result.kernels.map { ($0.index, $0.name) }, uniquingKeysWith: { a, _ in a })
    return result.extrapolated.sorted { ($0.startCycle, $0.kernel) < ($1.startCycle, $1.kernel) }.map { span in
      Slice(
        name: "\(names[span.kernel] ?? "kernel \(span.kernel)") \(span.loop) ×\(span.iterations)",
        start: span.startCycle, end: span.endCycle, busy: span.endCycle - span.startCycle,
        args: [
          ("kernel", String(span.kernel)), ("loop", CommandLines.quoted(span.loop)),
          ("iterations", String(span.iterations)), ("commands", String(span.commands)),
          ("cycles_per_iteration", CommandLines.number(span.cyclesPerIteration)),
        ])
    }
  }

  /// A unit's commands by start; each ends when it finished or the next one started, so the
  /// slices of a pipelined unit do not overlap.
  static func unitSlices(_ records: [CommandRecord]) -> [Slice] {
    let sorted = records.sorted { ($0.startCycle, $0.endCycle) < ($1.startCycle, $1.endCycle) }
    var slices: [Slice] = []
    slices.reserveCapacity(sorted.count)
    for (index, record) in sorted.enumerated() {
      let next = index + 1 < sorted.count ? sorted[index + 1].startCycle : .infinity
      let end = min(record.endCycle, next)
      var args = [("kernel", String(record.kernel)), ("done_cycle", cycles(record.endCycle))]
      if record.bytes > 0 { args.append(("bytes", String(record.bytes))) }
      slices.append(
        Slice(name: record.mnemonic, start: record.startCycle, end: end, busy: end - record.startCycle, args: args))
    }
    return slices
  }

  /// A queue's commands in start order; each waits at the head from its issue (or its
  /// predecessor's start) until it starts. Commands that started when issued leave no slice.
  static func queueSlices(_ records: [CommandRecord]) -> [Slice] {
    let sorted = records.sorted { ($0.startCycle, $0.issueCycle) < ($1.startCycle, $1.issueCycle) }
    var slices: [Slice] = []
    var previousStart = 0.0
    for record in sorted {
      let from = max(record.issueCycle, previousStart)
      previousStart = record.startCycle
      guard record.startCycle > from else { continue }
      slices.append(
        Slice(
          name: record.mnemonic, start: from, end: record.startCycle, busy: record.startCycle - from,
          args: [("kernel", String(record.kernel)), ("waited_cycles", cycles(record.startCycle - record.issueCycle))]))
    }
    return slices
  }

  /// At most `limit` slices (when possible): consecutive equal names merge first, then
  /// windows of consecutive slices.
  static func coalesce(_ slices: [Slice], limit: Int) -> [Slice] {
    guard slices.count > max(limit, 1) else { return slices }
    var runs: [Slice] = []
    for slice in slices {
      if var last = runs.last, last.name == slice.name {
        last.end = max(last.end, slice.end)
        last.count += slice.count
        last.busy += slice.busy
        runs[runs.count - 1] = last
      } else {
        runs.append(slice)
      }
    }
    guard runs.count > max(limit, 1) else { return runs }
    let window = (runs.count + limit - 1) / max(limit, 1)
    var merged: [Slice] = []
    var index = 0
    while index < runs.count {
      let group = runs[index..<min(index + window, runs.count)]
      var names: [String] = []
      for slice in group where !names.contains(slice.name) { names.append(slice.name) }
      let first = group[group.startIndex]
      merged.append(
        Slice(
          name: names.joined(separator: "+"), start: first.start, end: group.map(\.end).max() ?? first.end,
          count: group.reduce(0) { $0 + $1.count }, busy: group.reduce(0) { $0 + $1.busy }))
      index += window
    }
    return merged
  }
}
