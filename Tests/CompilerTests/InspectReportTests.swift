import Foundation
import ONNXImport
import TesseraTestSupport
import Testing

@testable import Compiler

/// `tessera inspect` reports (text table and JSON) pinned by golden files.
struct InspectReportTests {
  static let samples = EstimateTests.samples

  static func report(_ model: String) throws -> InspectReport {
    let imported = try ONNXImporter.importModel(at: samples.appendingPathComponent(model).path)
    return InspectReport(model: "onnx-samples/\(model)", imported: imported)
  }

  @Test(arguments: ["lenet5", "mlp", "tc_resnet8"])
  func textReportMatchesGolden(_ model: String) throws {
    Golden.check(try Self.report("\(model).onnx").renderText(), matches: "\(model).inspect.txt")
  }

  @Test(arguments: ["lenet5", "mlp"])
  func jsonReportMatchesGolden(_ model: String) throws {
    Golden.check(try JSONOutput.encode(try Self.report("\(model).onnx")), matches: "\(model).inspect.json")
  }

  @Test func jsonRoundTripsThroughDecoding() throws {
    let report = try Self.report("squeezenet1_1.onnx")
    let decoded = try JSONDecoder().decode(InspectReport.self, from: Data(try JSONOutput.encode(report).utf8))
    #expect(decoded == report)
  }

  @Test func totalsAddUpTheNodes() throws {
    let report = try Self.report("resnet50.onnx")
    #expect(report.totals.nodes == report.nodes.count)
    #expect(report.totals.macs == report.nodes.reduce(0) { $0 + $1.macs })
    #expect(report.totals.macs == 4_089_184_256)
    #expect(report.totals.params == 25_507_944)
  }

  @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (4_089_184_256, "4,089,184,256"), (-12345, "-12,345")])
  func thousandsAreGrouped(_ value: Int, _ text: String) {
    #expect(InspectReport.grouped(value) == text)
  }
}
