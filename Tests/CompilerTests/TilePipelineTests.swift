import Compiler
import CostModel
import Foundation
import GraphIR
import HardwareModel
import PassKit
import Testing
import Transforms

/// `tile` on every sample model and every built-in target, after the default pipeline (so on
/// fused kernels too): it never increases the estimate, recorded tiles fit, the exhaustive
/// search is never beaten by the greedy one.
struct TilePipelineTests {
  static let targets: [CompilationTarget] = BuiltinTargets.names.compactMap {
    (try? BuiltinTargets.load($0)).map(CompilationTarget.init)
  }

  @Test(arguments: EstimateTests.models)
  func tilingNeverIncreasesTheEstimate(_ model: String) throws {
    let imported = try EstimateTests.graph(model)
    #expect(Self.targets.count == BuiltinTargets.names.count)
    for target in Self.targets {
      let name = target.accelerator.name
      var graph = imported
      // After the default pipeline where the target's arrays run some kernel (fusion is the
      // slow part in debug builds); elsewhere tile has nothing to do, which is checked alone.
      let tileable = KernelLowering.kernels(imported).contains {
        if case .array = target.model.tileSupport(for: $0) { true } else { false }
      }
      let pipeline = tileable ? (BuiltinPipelines.text(named: "default") ?? "") + ",tile" : "tile"
      var manager = PassManager(
        passes: try PassRegistry.pipeline(pipeline, target: target),
        instrumentations: [LatencyPricing { try target.cycles($0) }, PassVerifier()])
      let record = try #require(try manager.run(&graph).last)
      #expect(record.name == "tile")
      #expect(record.cyclesAfter <= record.cyclesBefore, "\(model) on \(name)")
      for kernel in KernelLowering.kernels(graph) {
        guard let tile = kernel.tile, case .array(let problem) = target.model.tileSupport(for: kernel) else {
          continue
        }
        #expect(problem.overflow(tile) == nil, "\(model) on \(name): \(kernel.name) \(tile)")
      }
    }
  }

  /// The samples are float; int8-only arrays run them on the host. Their int8 versions (a
  /// quarter of the bytes, as quantization gives) exercise both searches on every array.
  @Test(arguments: EstimateTests.models)
  func searchesOfInt8KernelsAgreeWithTheModel(_ model: String) throws {
    var seen = Set<Kernel>()
    let kernels = KernelLowering.kernels(try EstimateTests.graph(model)).compactMap { kernel -> Kernel? in
      var int8 = kernel
      (int8.name, int8.elementType) = ("", .int8)
      (int8.inputBytes, int8.weightBytes, int8.outputBytes) =
        (kernel.inputBytes / 4, kernel.weightBytes / 4, kernel.outputBytes / 4)
      guard seen.insert(int8).inserted else { return nil }  // repeated layers search alike
      int8.name = kernel.name
      return int8
    }
    for target in Self.targets {
      for kernel in kernels {
        let context = "\(model) on \(target.accelerator.name): \(kernel.name)"
        guard let exhaustive = try target.model.bestTile(for: kernel, search: .exhaustive),
          let greedy = try target.model.bestTile(for: kernel, search: .greedy)
        else { continue }
        #expect(exhaustive.cycles <= greedy.cycles, "\(context)")
        guard let tile = exhaustive.tile else { continue }
        var tiled = kernel
        tiled.tile = tile
        #expect(try target.model.cost(tiled).totalCycles == exhaustive.cycles, "\(context)")
      }
    }
  }

  @Test func isDeterministic() throws {
    let imported = try EstimateTests.graph("resnet50")
    let target = try #require(Self.targets.first { $0.accelerator.name == "systolic" })
    let pass = try #require(try PassRegistry.pipeline("tile", target: target).first)
    var first = imported
    var second = imported
    let statistics = try pass.run(on: &first)
    _ = try pass.run(on: &second)
    #expect(first.printed(elideConstantsOver: 64) == second.printed(elideConstantsOver: 64))
    #expect(statistics.first { $0.name == "kernels-tiled" }?.value ?? 0 > 0)
  }

  @Test func optionsAreChecked() throws {
    let target = try #require(Self.targets.first)
    #expect(try PassRegistry.pipeline("tile{search=greedy,max-candidates=64}", target: target).count == 1)
    #expect {
      try PassRegistry.pipeline("tile{search=random}", target: target)
    } throws: { "\($0)".contains("must be one of exhaustive, greedy") }
    #expect {
      try PassRegistry.pipeline("tile{max-candidates=many}", target: target)
    } throws: { "\($0)".contains("must be an integer") }
  }
}
