import Compiler
import Exploration
import Foundation
import HTMLReport
import TesseraTestSupport
import Testing

/// Issue 21: the HTML reports — golden bytes, the same page from a saved JSON report, every
/// expected plot present, hostile names escaped, bad saved reports one clear error.
struct HTMLReportTests {
  /// LeNet-5 on gemmini, simulated with the gap explained (what `compile --html` makes).
  static func report(target: String = "gemmini") throws -> CompileReport {
    let session = try Session(target: target)
    var options = CompileOptions()
    options.recordWallTime = false
    var result = try session.compile(
      try Session.importModel(TestData.repository.appendingPathComponent("onnx-samples/lenet5.onnx").path),
      options: options)
    var outputs = SimulationOutputs()
    outputs.explainGap = true
    _ = try session.simulate(&result, tiers: [.simulate], extrapolate: true, outputs: outputs)
    return result.report
  }

  static func plots(_ page: String) -> [String: Int] {
    var counts: [String: Int] = [:]
    for match in page.matches(of: /data-plot="([a-z-]+)"/) { counts[String(match.1), default: 0] += 1 }
    return counts
  }

  @Test func compileReportMatchesItsGoldenAndHasEveryPlot() throws {
    let page = HTML.compile(try Self.report(), model: "lenet5")
    Golden.check(page, matches: "lenet5-gemmini-simulated.html")
    let plots = Self.plots(page)
    for plot in ["waterfall", "roofline", "timeline", "gap-causes", "gap-kernels"] {
      #expect(plots[plot] == 1, "\(plot)")
    }
    #expect((plots["kernel-bar"] ?? 0) > 3)
    // Self-contained: nothing to fetch (the only URL is the SVG namespace).
    #expect(!page.contains("https://") && !page.contains("src=") && !page.contains("href="))
  }

  @Test func aSavedJSONReportGivesTheSamePage() throws {
    let report = try Self.report()
    let json = try JSONOutput.encode(report)
    #expect(try HTML.saved(Data(json.utf8), file: "/tmp/lenet5.json") == HTML.compile(report, model: "lenet5"))
  }

  @Test func namesFromTheModelAreEscaped() throws {
    var report = try Self.report()
    report.kernels[0].name = "</title><script>alert(1)</script>"
    report.target = "a\"b<c>&"
    let page = HTML.compile(report, model: "<img onerror=x>")
    #expect(page.components(separatedBy: "<script>").count == 2)  // the page's own script only
    #expect(!page.contains("<img") && page.contains("&lt;/title&gt;&lt;script&gt;"))
  }

  /// Review finds: a quote followed by a combining mark is one Swift Character but ends an
  /// HTML attribute; a saved compare naming configuration -1; numbers near Double's limit.
  @Test func hostileSavedReportsNeitherInjectNorTrap() throws {
    var report = try Self.report()
    report.kernels[0].name = "a\"\u{301} onload=alert(1) b"
    let page = HTML.compile(report, model: "m")
    let bytes = Array(page.utf8)  // no raw `"` + U+0301 (UTF-8 CC 81)
    #expect(!bytes.indices.dropLast(2).contains { bytes[$0] == 0x22 && bytes[$0 + 1] == 0xCC && bytes[$0 + 2] == 0x81 })
    let compare =
      #"{"timing":["analytical"],"configurations":[],"deltas":[{"configuration":-1,"kernels":[]}],"tier_gaps":[]}"#
    #expect(try HTML.saved(Data(compare.utf8), file: "c.json").contains("0 configurations"))
    let explore =
      #"{"pareto":[],"points":[{"overrides":[],"models":{},"latency_ms":1.7e308,"energy_uj":1e-300,"power_mw":1,"area_mm2":1,"feasible":true}]}"#
    #expect(try HTML.saved(Data(explore.utf8), file: "e.json").contains("data-plot=\"pareto\""))
  }

  @Test func exploreReportShowsEveryFeasiblePointAndTheFront() throws {
    func point(_ rows: Int, latency: Double, energy: Double, feasible: Bool = true) throws -> PointResult {
      let json = """
        {"overrides": ["compute.mesh.rows=\(rows)"], "models": {}, "latency_ms": \(latency), "energy_uj": \(energy),
         "power_mw": 1, "area_mm2": \(Double(rows) / 10), "feasible": \(feasible)}
        """
      return try JSONDecoder().decode(PointResult.self, from: Data(json.utf8))
    }
    let points = [
      try point(4, latency: 2, energy: 1), try point(8, latency: 1, energy: 2), try point(16, latency: 3, energy: 3),
      try point(32, latency: 1, energy: 1, feasible: false),
    ]
    let page = HTML.explore(points: points, pareto: Array(points.prefix(2)), title: "study")
    #expect(Self.plots(page)["pareto"] == 1)
    #expect(page.components(separatedBy: "<circle class=\"mark\"").count - 1 == 3)
    #expect(page.contains("Pareto · latency 1.00 ms") && page.contains("1 infeasible point"))
  }

  @Test(arguments: [
    ("not json", "not JSON"), ("[1, 2]", "the top level is not an object"),
    ("{\"hello\": 1}", "top-level keys: hello"),
    ("{\"kernels\": [], \"passes\": [], \"target\": 3}", "expected String"),
  ])
  func badSavedReportsAreOneClearError(_ text: String, _ expected: String) {
    #expect {
      _ = try HTML.saved(Data(text.utf8), file: "saved.json")
    } throws: { error in
      "\(error)".hasPrefix("saved.json: ") && "\(error)".contains(expected) && !"\(error)".contains("\n")
    }
  }
}
