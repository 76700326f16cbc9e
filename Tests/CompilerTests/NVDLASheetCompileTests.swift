import Compiler
import Foundation
import GraphIR
import HardwareModel
import ONNXImport
import Testing

/// `tessera compile resnet50_sheet_layers.onnx --target nvdla-primer-N` reproduces the NVDLA
/// performance sheet's ResNet-50 totals: the default pipeline fuses BatchNormalization, ReLU,
/// pooling and the residual add into each convolution, as the sheet assumes.
struct NVDLASheetCompileTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../testdata/nvdla").standardized

  struct Expected: Decodable {
    var config: String
    var macs: Int
    var totalCycles: Double
    enum CodingKeys: String, CodingKey {
      case config, macs
      case totalCycles = "total_cycles"
    }
  }

  static func expected() throws -> [Expected] {
    let data = try Data(contentsOf: folder.appendingPathComponent("resnet50_sheet_layers.expected.json"))
    return try JSONDecoder().decode([String: [Expected]].self, from: data)["resnet50_sheet_layers"] ?? []
  }

  @Test func everyPrimerConfigurationWithinOnePercent() throws {
    let graph = try ONNXImporter.importModel(
      at: Self.folder.appendingPathComponent("resnet50_sheet_layers.onnx").path
    ).graph
    let rows = try Self.expected()
    #expect(rows.count == 7)
    for row in rows {
      let accelerator = try BuiltinTargets.load("nvdla-primer-\(row.macs)")
      let report = try Compilation.compile(graph, for: accelerator).report
      let ratio = report.totalCycles / row.totalCycles
      #expect(abs(ratio - 1) < 0.01, "\(row.config) (\(row.macs) MACs): \(report.totalCycles) vs \(row.totalCycles)")
      // One kernel per sheet row: 53 convolutions and the classifier, every one on the MAC cells.
      let onCells = report.kernels.filter { $0.unit == "cmac" }
      #expect(onCells.count == 54, "\(row.config): \(onCells.count) kernels on cmac")
    }
  }
}
