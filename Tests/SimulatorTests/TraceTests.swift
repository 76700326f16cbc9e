import Foundation
import Scheduler
import Simulator
import Testing

struct TraceTests {
  static func simulate(extrapolate: Bool = false) throws -> SimulationResult {
    try Simulator.simulate(
      TraceStreams.stream(iterations: 12), parameters: TraceStreams.parameters(),
      options: SimulationOptions(extrapolate: extrapolate, recordCommands: true))
  }

  static func events(_ text: String) throws -> [[String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["displayTimeUnit"] as? String == "ns")
    return try #require(object["traceEvents"] as? [[String: Any]])
  }

  @Test func traceIsChromeJSONWithNamedSortedTracks() throws {
    let result = try Self.simulate()
    let text = ChromeTrace.render(result)
    #expect(text == ChromeTrace.render(result))
    let events = try Self.events(text)
    let names = events.filter { $0["name"] as? String == "thread_name" }.compactMap {
      ($0["args"] as? [String: Any])?["name"] as? String
    }
    #expect(names.first == "kernels")
    for track in ["extrapolated", "unit dma.load", "unit mesh", "unit dma.store", "queue execute"] {
      #expect(names.contains(track), "\(track)")
    }
    let kernelsTrack = try #require(
      events.first { $0["ph"] as? String == "thread_sort_index" || ($0["name"] as? String) == "thread_sort_index" })
    #expect((kernelsTrack["args"] as? [String: Any])?["sort_index"] as? Int == 0)
    let kernelSlices = events.filter { $0["ph"] as? String == "X" && $0["tid"] as? Int == 0 }
    #expect(kernelSlices.compactMap { $0["name"] as? String } == ["kernel0", "kernel1"])
    // Timestamps are microseconds at 500 MHz: the last kernel ends at total / 500.
    let last = try #require(kernelSlices.last)
    let end = (last["ts"] as? Double ?? 0) + (last["dur"] as? Double ?? 0)
    #expect(abs(end - result.totalCycles / 500) < 0.001)
  }

  @Test func sliceCountsCoverEveryRecordAndTracksDoNotOverlap() throws {
    let result = try Self.simulate()
    let events = try Self.events(ChromeTrace.render(result))
    let trackNames = Dictionary(
      events.filter { $0["name"] as? String == "thread_name" }.map {
        ($0["tid"] as? Int ?? -1, ($0["args"] as? [String: Any])?["name"] as? String ?? "")
      }, uniquingKeysWith: { a, _ in a })
    let mesh = try #require(trackNames.first { $0.value == "unit mesh" }?.key)
    let slices = events.filter { $0["ph"] as? String == "X" && $0["tid"] as? Int == mesh }
    #expect(slices.count == result.records.filter { $0.unit == "mesh" }.count)
    for tid in Set(trackNames.keys) {
      let track = events.filter { $0["ph"] as? String == "X" && $0["tid"] as? Int == tid }
        .map { ($0["ts"] as? Double ?? 0, $0["dur"] as? Double ?? 0) }
      for (a, b) in zip(track, track.dropFirst()) { #expect(a.0 + a.1 <= b.0 + 1e-4, "\(trackNames[tid] ?? "")") }
    }
  }

  @Test(arguments: [1, 2, 5])
  func coalescingKeepsTracksUnderTheLimit(limit: Int) throws {
    let result = try Self.simulate()
    let events = try Self.events(ChromeTrace.render(result, limit: limit))
    var perTrack: [Int: [[String: Any]]] = [:]
    for event in events where event["ph"] as? String == "X" {
      perTrack[event["tid"] as? Int ?? -1, default: []].append(event)
    }
    for (_, slices) in perTrack where slices.count > 1 {
      #expect(slices.count <= limit)
    }
    // Every mesh command is still counted.
    let meshTid = try #require(
      events.first { ($0["args"] as? [String: Any])?["name"] as? String == "unit mesh" }?["tid"] as? Int)
    let counted = (perTrack[meshTid] ?? []).reduce(0) { total, slice in
      total + ((slice["args"] as? [String: Any])?["count"] as? Int ?? 1)
    }
    #expect(counted == result.records.filter { $0.unit == "mesh" }.count)
  }

  @Test func extrapolatedSpansBecomeSlicesWithTheirIterations() throws {
    let result = try Self.simulate(extrapolate: true)
    let events = try Self.events(ChromeTrace.render(result))
    let spans = events.filter { $0["ph"] as? String == "X" && $0["tid"] as? Int == 1 }
    #expect(spans.count == result.extrapolated.count)
    let iterations = spans.compactMap { ($0["args"] as? [String: Any])?["iterations"] as? Int }
    #expect(iterations == result.extrapolated.sorted { $0.startCycle < $1.startCycle }.map(\.iterations))
  }
}
