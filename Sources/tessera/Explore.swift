import ArgumentParser
import Compiler
import Exploration
import Foundation
import HTMLReport

struct Explore: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Search accelerator designs over several networks: latency, energy and area, and their Pareto front.",
    discussion: """
      The spec names a base target, the models, the axes to vary (any --set path with a list \
      of values), constraints, objectives and a strategy (grid, random or evolutionary); see \
      docs/explore.md. Every evaluated point is kept in SPEC.explore.sqlite beside the spec: \
      a rerun (or --resume after a kill) evaluates only what is missing.
      Examples:
        tessera explore docs/examples/gemmini-explore.yaml
        tessera explore my-spec.yaml --format json --out results.json --jobs 2
      """)

  @Argument(help: "The exploration spec (YAML).")
  var spec: String

  @Flag(help: "Continue a run that was stopped: points already in the store are not evaluated again (the default).")
  var resume = false

  @Option(help: "Threads evaluating points (default: every core).")
  var jobs: Int?

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

  @Option(help: "Output format: text (the Pareto front), json or csv.")
  var format: Format = .text

  @Option(help: "Write the report (with --points: the result lines) to this file instead of standard output.")
  var out: String?

  @Flag(
    help: ArgumentHelp(
      "Write the spec's points as JSON lines and stop: the shards of a distributed run (with --resume: only those the store lacks).",
      discussion: "An evolutionary spec lists its next generation: the first one the store does not complete."))
  var listPoints = false

  @Option(
    help: ArgumentHelp(
      "Evaluate exactly these points (JSON lines) and write one result line each; no store.", valueName: "file.jsonl"))
  var points: String?

  @Option(
    name: .customLong("import"),
    help: ArgumentHelp(
      "Merge result lines into the spec's store (a point imported twice is stored once).", valueName: "results.jsonl"))
  var importFile: String?

  @OptionGroup var htmlReport: HTMLOption

  func run() throws {
    if let jobs, !(1...256).contains(jobs) { throw UserError("--jobs must be in 1...256, got \(jobs)") }
    guard [listPoints, points != nil, importFile != nil].filter({ $0 }).count <= 1 else {
      throw UserError("--list-points, --points and --import are separate modes: give one")
    }
    let specification = try ExploreSpec.load(spec)
    var explorer = try Explorer(
      spec: specification, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    let output = try out.map { try OutputFile($0, flag: "--out") }
    let line = ProgressLine(label: "explore", unit: "points")
    if let line {
      explorer.progress = { done, total, evaluated, _ in line.update(done, of: total, counted: evaluated) }
    }
    func emit(_ text: String) throws {
      if let output {
        try output.write(text)
        try output.close()
      } else {
        print(text, terminator: "")
      }
    }
    if listPoints {
      let store = resume || specification.strategy == .evolutionary ? explorer.store : nil
      return try emit(try PointFiles.list(specification, skipping: store))
    }
    if let points {
      let results = try explorer.evaluate(points: try PointFiles.points(points))
      line?.finish()
      return try emit(results.map { $0.json + "\n" }.joined())
    }
    if let importFile {
      let results = try PointFiles.results(importFile)
      let stored = try explorer.importResults(results)
      FileHandle.standardError.write(
        Data("explore: imported \(results.count) results; the store holds \(stored) points of this spec\n".utf8))
      return
    }
    let htmlFile = try htmlReport.open()
    let outcome = try explorer.run()
    line?.finish()
    let report = ExploreReport(spec: specification, results: outcome.results)
    if let htmlFile {
      let page = HTML.explore(
        points: outcome.results, pareto: report.pareto.map { outcome.results[$0] }, title: baseName(spec))
      try writePage(page, to: htmlFile)
    }
    let text: String
    switch format {
    case .text: text = report.renderText()
    case .json: text = report.renderJSON()
    case .csv: text = report.renderCSV()
    }
    try emit(text)
    let rate = outcome.seconds > 0 ? Double(outcome.evaluated) / outcome.seconds * 60 : 0
    FileHandle.standardError.write(
      Data(
        String(
          format: "explore: %d points, %d evaluated now (%.0f per minute), %d from the store %@\n",
          outcome.results.count, outcome.evaluated, rate, outcome.results.count - outcome.evaluated,
          explorer.store.path
        ).utf8))
  }
}
