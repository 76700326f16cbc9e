import Foundation
import HardwareModel
import Simulator
import Testing

/// Issue 8 item 6(c): Gemmini's 16×16 mesh against a 64×64 one (1 MiB scratchpad, 256 KiB
/// accumulator) on ResNet-50. Sixteen times the MACs buy far less than 16× because the DMA
/// (16 bytes per cycle on the same 128-bit bus) and the DRAM traffic do not grow with the mesh
/// (docs/gemmini-scaling.md).
struct GemminiScalingTests {
  /// A 64×64 Gemmini (`GemminiConfigs` with `meshRows = meshColumns = 64`): every mesh-sized
  /// row is 64 elements wide, so the scratchpad moves 64 B and the accumulator 256 B per
  /// cycle and mvout drains 64 lanes; results leave 64 + 64 cycles after the last input. The
  /// DMA bus (`dma_buswidth` 128 bits) and DRAM stay as they are.
  static let mesh64 = [
    "compute.mesh.rows=64", "compute.mesh.cols=64", "compute.store_path.lanes=64",
    "memory.scratchpad.size_bytes=1048576", "memory.scratchpad.bandwidth_bytes_per_cycle=64",
    "memory.accumulator.size_bytes=262144", "memory.accumulator.bandwidth_bytes_per_cycle=256",
    "simulator.compute_latency_cycles=128",
  ]

  struct Measured {
    var cycles: Double
    var analyticalCycles: Double
    var meshBusy: Double
    var loadBusy: Double
    var storeBusy: Double
    var dramBytes: Int
    var macs: Int
  }

  static func measure(_ overrides: [String]) throws -> Measured {
    let compiled = try SimValidation.compile(model: "resnet50", target: "gemmini", overrides: overrides)
    let result = try Simulator.simulate(compiled.stream, on: compiled.accelerator)
    func busy(_ unit: String) -> Double { result.units.first { $0.name == unit }?.busyCycles ?? 0 }
    for unit in result.units { print("  unit \(unit.name): busy \(unit.busyCycles) commands \(unit.commands)") }
    return Measured(
      cycles: result.totalCycles, analyticalCycles: compiled.result.schedule.totalCycles, meshBusy: busy("mesh"),
      loadBusy: busy("dma.load"), storeBusy: busy("dma.store"), dramBytes: result.dramBytes,
      macs: compiled.result.schedule.kernels.reduce(0) { $0 + $1.macs })
  }

  /// Measured (debug 3 s): 3.64× (analytical 5.75×; 4.66× before transfers moved as one DMA
  /// request per row, 4.01× before convolution tiles ran in LoopConv's phases). The mesh works 9.4×
  /// less, the DMA loads less than 2× less, and on the 64×64 the loads are busy longer than
  /// the mesh.
  @Test func a64x64MeshIsFarFromSixteenTimesFaster() throws {
    let small = try Self.measure([])
    let large = try Self.measure(Self.mesh64)
    print("16x16: \(small)")
    print("64x64: \(large)")
    let speedUp = small.cycles / large.cycles
    print("speed-up \(speedUp), analytical \(small.analyticalCycles / large.analyticalCycles)")
    #expect(abs(speedUp - 3.64) <= 0.25, "speed-up \(speedUp)")
    #expect(speedUp < 8, "far below the 16x of the MACs")
    // 16×16: the mesh is the busiest unit; 64×64: the DMA loads are.
    #expect(small.meshBusy > small.loadBusy)
    #expect(large.loadBusy > 1.5 * large.meshBusy)
    // The mesh's work shrinks about 9×, the loads' by less than 2×: DMA does not scale.
    #expect(small.meshBusy / large.meshBusy > 8)
    #expect(small.loadBusy / large.loadBusy < 2)
    // Bigger tiles re-fetch less, but DRAM traffic shrinks by less than a third.
    #expect(Double(large.dramBytes) > 0.6 * Double(small.dramBytes))
  }
}
