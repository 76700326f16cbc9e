import Foundation
import GraphIR
import ONNXImport
import Testing

/// Initializers stored in files beside the model (`data_location = EXTERNAL`).
@Suite struct ExternalDataTests {
  /// A fresh folder under the temporary directory holding `files`.
  private func folder(_ files: [String: Data]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tessera-external-\(UUID().uuidString)")
    for (path, data) in files {
      let file = url.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: file)
    }
    return url
  }

  private func external(_ entries: [String: String], dims: [Int64] = [3]) -> Onnx_TensorProto {
    .typed("w", .float, dims) {
      $0.dataLocation = .external
      $0.externalData = entries.sorted { $0.key < $1.key }.map { key, value in
        var entry = Onnx_StringStringEntryProto()
        entry.key = key
        entry.value = value
        return entry
      }
    }
  }

  /// Writes a model whose only initializer is `tensor` into `directory` and imports it from there.
  private func importModel(_ tensor: Onnx_TensorProto, in directory: URL) throws -> ImportedModel {
    var m = ModelBuilder(opset: 17)
    m.initializer(tensor)
    m.output("w")
    let path = directory.appendingPathComponent("model.onnx")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try m.data().write(to: path)
    return try ONNXImporter.importModel(at: path.path)
  }

  private let floats = littleEndianBytes([Float(1.5), -2, 3.25].map(\.bitPattern))

  struct Layout: Sendable, CustomTestStringConvertible {
    var label: String
    var location: String
    var prefix: Int
    var entries: [String: String]
    var testDescription: String { label }
  }

  static let layouts = [
    Layout(label: "whole file", location: "weights.bin", prefix: 0, entries: [:]),
    Layout(
      label: "offset and length", location: "weights.bin", prefix: 16,
      entries: ["offset": "16", "length": "12"]),
    Layout(label: "offset to the end", location: "weights.bin", prefix: 8, entries: ["offset": "8"]),
    Layout(label: "subfolder", location: "data/w.bin", prefix: 4, entries: ["offset": "4", "length": "12"]),
  ]

  @Test(arguments: layouts)
  func readsRelativeToTheModelFile(_ layout: Layout) throws {
    let directory = try folder([layout.location: Data(repeating: 0xAB, count: layout.prefix) + floats])
    defer { try? FileManager.default.removeItem(at: directory) }
    let tensor = external(layout.entries.merging(["location": layout.location]) { $1 })
    let graph = try importModel(tensor, in: directory).graph
    #expect(graph.constant(named: "w")?.doubles() == [1.5, -2, 3.25])
  }

  struct BadLocation: Sendable, CustomTestStringConvertible {
    var label: String
    var entries: [String: String]
    var mentions: String
    var testDescription: String { label }
  }

  static let badLocations = [
    BadLocation(
      label: "missing file", entries: ["location": "absent.bin"], mentions: "cannot read external data"),
    BadLocation(
      label: "parent folder", entries: ["location": "../weights.bin"], mentions: "must stay inside"),
    BadLocation(
      label: "nested parent folder", entries: ["location": "data/../../weights.bin"],
      mentions: "must stay inside"),
    BadLocation(label: "absolute path", entries: ["location": "/etc/passwd"], mentions: "must stay inside"),
    BadLocation(label: "no location", entries: ["offset": "0"], mentions: "without a location"),
    BadLocation(
      label: "length past the end", entries: ["location": "weights.bin", "length": "16"],
      mentions: "runs past the end"),
    BadLocation(
      label: "offset and length past the end",
      entries: ["location": "weights.bin", "offset": "4", "length": "12"],
      mentions: "runs past the end"),
    BadLocation(
      label: "offset past the end", entries: ["location": "weights.bin", "offset": "13"], mentions: "outside"),
    BadLocation(
      label: "negative offset", entries: ["location": "weights.bin", "offset": "-4"], mentions: "outside"),
    BadLocation(
      label: "length not matching the shape", entries: ["location": "weights.bin", "length": "8"],
      mentions: "needs 12 bytes"),
  ]

  @Test(arguments: badLocations)
  func badExternalDataIsRejected(_ c: BadLocation) throws {
    // The model sits in `model/`; a copy of the data one folder up makes '../' readable.
    let directory = try folder(["weights.bin": floats, "model/weights.bin": floats])
    defer { try? FileManager.default.removeItem(at: directory) }
    let error = expectImportFailure {
      _ = try importModel(external(c.entries), in: directory.appendingPathComponent("model"))
    }
    #expect(
      error?.description.contains(c.mentions) == true, "\(error.map(String.init(describing:)) ?? "imported")")
    #expect(error?.description.contains("'w'") == true, "the message must name the tensor")
  }
}
