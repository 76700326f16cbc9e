import Compiler
import Foundation
import TesseraTestSupport
import Testing

/// `tessera calibrate`: measurements made by a known variant of host-cpu are fitted back to
/// that variant; bad measurement files and parameters are one clear error each.
struct CalibrationTests {
  static let model = TestData.repository.appendingPathComponent("onnx-samples/mobilenet_v2.onnx").path

  /// A measurement CSV of `model` as host-cpu with `overrides` predicts it, node by node.
  static func measurements(_ overrides: [String], in folder: URL) throws -> String {
    let session = try Session(target: "host-cpu", overrides: overrides)
    let result = try session.compile(try Session.importModel(model))
    var csv = "model,node,op,batch,seconds,runs,spread\n"
    for entry in result.program.entries where entry.cost.totalCycles > 0 {
      let seconds = entry.cost.totalCycles / (session.accelerator.clockMHz * 1e6)
      csv += "\(model),\(entry.nodes[0]),\(entry.kernel.ops[0]),1,\(seconds),5,0.01\n"
    }
    let file = folder.appendingPathComponent("measured.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-calibration-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func recoversTheParametersThatMadeTheMeasurements() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let truth = [
      "compute.cpu.cpu.efficiency.convolution=0.25", "compute.cpu.cpu.efficiency.depthwise=0.02",
      "compute.cpu.cpu.kernel_overhead_ns=5000",
    ]
    let csv = try Self.measurements(truth, in: folder)
    var steps: [(String, Int, Int)] = []
    let calibration = try Calibration(
      target: "host-cpu", measurements: [csv],
      fit: [
        "compute.cpu.cpu.efficiency.convolution", "compute.cpu.cpu.efficiency.depthwise",
        "compute.cpu.cpu.kernel_overhead_ns",
      ], folds: 3
    ) { steps.append(($0, $1, $2)) }
    // Progress (issue 21): one model compiled, the fit, three folds, then done; counts rise to the total.
    let words = steps.map { String($0.0.split(separator: " ").first ?? "") }
    #expect(words == ["compiling", "fitting", "cross-validation", "cross-validation", "cross-validation", "done"])
    #expect(steps.map(\.1) == [0, 1, 2, 3, 4, 5] && steps.allSatisfy { $0.2 == 5 })
    let values = Dictionary(uniqueKeysWithValues: calibration.fitted.map { ($0.parameter.path, $0.value) })
    #expect(abs((values["compute.cpu.cpu.efficiency.convolution"] ?? 0) / 0.25 - 1) < 0.02, "\(values)")
    #expect(abs((values["compute.cpu.cpu.efficiency.depthwise"] ?? 0) / 0.02 - 1) < 0.02, "\(values)")
    #expect(abs((values["compute.cpu.cpu.kernel_overhead_ns"] ?? 0) / 5000 - 1) < 0.02, "\(values)")
    #expect(calibration.totals.allSatisfy { abs($0.predicted / $0.measured - 1) < 0.01 })
    // The written file loads and keeps the fitted values.
    let out = folder.appendingPathComponent("fitted.yaml")
    try calibration.yaml.write(to: out, atomically: true, encoding: .utf8)
    let reloaded = try Session(target: out.path)
    #expect(reloaded.targetYAML.contains("kernel_overhead_ns"))
    #expect(calibration.yaml.hasPrefix("# Calibrated by `tessera calibrate`"))
  }

  /// Matrix products are not in MobileNetV2's measured kernels but its classifier: asking for
  /// what the data cannot identify by name is an error naming it.
  @Test func refusesWhatTheDataCannotIdentify() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let csv = try Self.measurements([], in: folder)
    #expect {
      try Calibration(target: "host-cpu", measurements: [csv], fit: ["compute.cpu.cpu.efficiency.reduction"])
    } throws: { "\($0)".contains("compute.cpu.cpu.efficiency.reduction: no measurement") }
  }

  /// Eyeriss fitted to its silicon's AlexNet layer latencies (JSSC 2017 Table V): the data
  /// pins the effective MAC rate (the layers are compute bound; DRAM bandwidth and the
  /// per-layer overhead are not identified and stay), leave-one-out errors stay small.
  @Test func eyerissFitsItsMeasuredLayers() throws {
    let csv = TestData.url("hardware/eyeriss-alexnet.csv").path
    let calibration = try Calibration(target: "eyeriss", measurements: [csv], folds: 5)
    #expect(calibration.fitted.map(\.parameter.path) == ["compute.pe_array.macs_per_pe_per_cycle.int16"])
    let rate = try #require(calibration.fitted.first?.value)
    #expect(rate > 0.7 && rate < 1, "\(rate)")
    #expect(calibration.notFitted.map(\.path) == ["memory.dram.bandwidth_bytes_per_cycle", "overheads.kernel_cycles"])
    for c in calibration.classes {
      #expect(c.inSample < 0.10 && (c.crossValidated ?? 1) < 0.15, "\(c)")
    }
  }

  /// The simulate tier: each model's schedule simulated per evaluation; the DRAM bandwidth
  /// the simulated stalls depend on is identified there (not in the analytical tier).
  @Test func theSimulateTierFitsWhatItsStallsDependOn() throws {
    let csv = TestData.url("hardware/eyeriss-alexnet.csv").path
    let calibration = try Calibration(
      target: "eyeriss", measurements: [csv], fit: ["memory.dram.bandwidth_bytes_per_cycle"], folds: 0,
      tier: .simulate)
    let bandwidth = try #require(calibration.fitted.first?.value)
    #expect(bandwidth > 0.5 && bandwidth < 64)
    #expect(calibration.totals.allSatisfy { abs($0.predicted / $0.measured - 1) < 0.10 }, "\(calibration.totals)")
    #expect(calibration.yaml.contains("simulate tier"))
  }

  @Test(arguments: [
    ("model,node,op,batch\nm.onnx,a,Relu,1\n", "the header lacks 'seconds'"),
    ("model,node,op,batch,seconds\nm.onnx,a,Relu,1,-3\n", "measured.csv:2: seconds must be a number"),
    ("model,node,op,batch,seconds\nm.onnx,a,Relu,0,1\n", "measured.csv:2: batch must be an integer"),
    ("model,node,op,batch,seconds\n", "no measurements"),
  ])
  func badMeasurementFilesAreRejected(_ text: String, _ mention: String) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("measured.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    #expect { try MeasurementTable(files: [file.path]) } throws: { "\($0)".contains(mention) }
  }

  /// `run --profile` writes a measurement file `calibrate` reads: one row per node, the model
  /// path relative to the CSV.
  @Test func interpreterProfilesAreMeasurements() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var request = RunRequest(model: TestData.repository.appendingPathComponent("onnx-samples/lenet5.onnx").path)
    (request.randomInputs, request.repeats, request.profile) = (1, 3, true)
    let outcome = try ModelRun.run(request)
    let csv = folder.appendingPathComponent("profile.csv")
    try outcome.profileCSV(model: request.model, csvFolder: folder.path).write(
      to: csv, atomically: true, encoding: .utf8)
    let table = try MeasurementTable(files: [csv.path])
    #expect(table.rows.count == outcome.nodeCount)
    #expect(table.rows.allSatisfy { $0.runs == 3 && $0.model == request.model && $0.seconds > 0 })
    #expect(table.rows.first?.op == "Conv")
  }

  /// An accelerator's host priced by a CPU target: host kernels change, named errors otherwise.
  @Test func anAcceleratorsHostCanBeACPUTarget() throws {
    let model = try Session.importModel(Self.model)
    let own = try Session(target: "gemmini").compile(model).report.totalCycles
    let cpu = try Session(target: "gemmini", overrides: ["compute.host.cpu=host-cpu"])
    guard case .host(let host)? = cpu.accelerator.computeUnits.last?.kind else {
      Issue.record("gemmini's last unit is not its host")
      return
    }
    #expect(host.cpu?.simdLanes == 16)
    #expect(try cpu.compile(model).report.totalCycles != own)
    #expect { try Session(target: "gemmini", overrides: ["compute.host.cpu=nothing"]) } throws: {
      "\($0)".contains("compute[2].cpu: cannot use 'nothing'")
    }
  }

  @Test func aTargetWithoutFreeParametersCannotBeCalibrated() {
    #expect { try Calibration(target: "gemmini", measurements: ["x.csv"]) } throws: {
      "\($0)".contains("declares no free parameters")
    }
  }
}

/// `tessera excite`: every family, valid ONNX that imports and compiles, the same bytes for
/// the same seed, other bytes for another.
struct ExcitationTests {
  @Test func everyFamilyImportsAndTheBytesAreSeeded() throws {
    let folder = try CalibrationTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let paths = try Excitation.write(count: 13, seed: 7, to: folder.appendingPathComponent("a").path)
    #expect(paths.count == Excitation.Family.allCases.count)
    let session = try Session(target: "host-cpu")
    for path in paths {
      let result = try session.compile(try Session.importModel(path))
      #expect(result.report.totalCycles > 0, "\(path)")
    }
    let again = try Excitation.write(count: 13, seed: 7, to: folder.appendingPathComponent("b").path)
    let other = try Excitation.write(count: 13, seed: 8, to: folder.appendingPathComponent("c").path)
    let bytes = { (p: [String]) in p.map { FileManager.default.contents(atPath: $0) } }
    #expect(bytes(paths) == bytes(again))
    #expect(bytes(paths) != bytes(other))
  }
}
