import ArgumentParser
import Compiler
import Foundation
import HardwareModel

struct Estimate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Estimate per-layer cycles of a SCALE-Sim topology on a systolic array.",
    discussion: """
      Reads SCALE-Sim v3 topology (conv or GEMM form) and config files and prices every layer with
      the analytical systolic fold model. The CSV starts with SCALE-Sim's COMPUTE_REPORT columns,
      one row per SCALE-Sim report row, so the two files can be diffed; `Total Cycles` matches
      SCALE-Sim exactly when its config uses InterfaceBandwidth: CALC (no stalls).

      Examples:
        tessera estimate --topology net.csv --config ws16.cfg
        tessera estimate --topology gemms.csv --config os32.cfg --format text
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, text }

  @Option(help: "A SCALE-Sim topology CSV (conv: name,H,W,Fh,Fw,C,NF,S; GEMM: name,M,N,K).")
  var topology: String

  @Option(help: "A SCALE-Sim .cfg file (array size, dataflow, SRAM sizes, bandwidth).")
  var config: String

  @Option(help: "Output format.")
  var format: Format = .csv

  func run() throws {
    let topologyText = try readText(topology)
    let configText = try readText(config)
    let estimate: TopologyEstimate
    do {
      estimate = TopologyEstimate(
        topology: try ScaleSimTopology.parse(topologyText, file: topology),
        config: try ScaleSimConfig.parse(configText, file: config))
    } catch let error as CustomStringConvertible { throw UserError(error.description) }
    switch format {
    case .csv: print(estimate.renderCSV(), terminator: "")
    case .json: print(try JSONOutput.encode(estimate), terminator: "")
    case .text: print(estimate.renderText(), terminator: "")
    }
  }

  private func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UserError("\(path): cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path): not UTF-8 text") }
    return text
  }
}
