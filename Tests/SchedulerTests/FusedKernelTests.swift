import GraphIR
import HardwareModel
import Scheduler
import Testing

/// A fused, tiled kernel: one schedule entry for its nodes, tensors that do not fit streamed
/// through one tile's worth of buffer, DMA transfers adding up to the model's DRAM bytes.
struct FusedKernelTests {
  static let text = """
    graph "fused" {
      input %x: i8[1,64,56,56]
      const %w: i8[64,64,3,3] = splat 0x01
      node "conv" = convInteger(%x, %w) -> (%c: i32[1,64,56,56]) {"dilations":[1,1],"group":1,"kernelShape":[3,3],"pads":[1,1,1,1],"strides":[1,1]}
      schedule {"kernel":"block","tile":{"k":64,"m":64,"n":64,"order":"mnk"}}
      node "relu" = relu(%c) -> (%r: i32[1,64,56,56])
      schedule {"kernel":"block"}
      node "neg" = neg(%r) -> (%out: i32[1,64,56,56])
      output %out
    }
    """

  @Test func aFusedTiledKernelIsOneEntry() throws {
    let graph = try GraphParser.parse(Self.text)
    let gemmini = try BuiltinTargets.load("gemmini")
    let schedule = try Scheduler.schedule(graph: graph, accelerator: gemmini)
    #expect(schedule.kernels.map(\.name) == ["block", "neg"])
    let block = try #require(schedule.kernels.first)
    #expect(block.nodes == ["conv", "relu"])
    #expect(block.ops == ["convInteger", "relu"])
    #expect(block.unit == "mesh")
    #expect(block.dtype == "int8")
    #expect(block.tile == Tile(m: 64, n: 64, k: 64, order: "mnk"))
    #expect(schedule.kernels.last?.dependencies == [0])

    let buffers = Dictionary(uniqueKeysWithValues: block.buffers.map { ($0.tensor, $0) })
    // Scratchpad: 256 KiB double buffered → 128 KiB, split between inputs and weights.
    #expect(
      buffers["x"]
        == Buffer(
          tensor: "x", role: .input, level: "scratchpad", offsetBytes: 0, sizeBytes: 64 * 64,
          tensorBytes: 64 * 56 * 56, streamed: true))
    #expect(
      buffers["w"]
        == Buffer(
          tensor: "w", role: .weight, level: "scratchpad", offsetBytes: 65536,
          sizeBytes: 64 * 64 * 9, tensorBytes: 64 * 64 * 9, streamed: false))
    // Accumulator: 64 KiB double buffered → 32 KiB for outputs; one 64×64 int32 tile.
    #expect(
      buffers["r"]
        == Buffer(
          tensor: "r", role: .output, level: "accumulator", offsetBytes: 0,
          sizeBytes: 64 * 64 * 4, tensorBytes: 64 * 56 * 56 * 4, streamed: true))
    #expect(block.transfers.map(\.bytes).reduce(0, +) == block.dramBytes)
    #expect(
      block.transfers.first
        == Transfer(
          direction: .load, tensor: "x", from: "dram", to: "scratchpad",
          bytes: 64 * 56 * 56))
    #expect(
      block.transfers.contains(
        Transfer(
          direction: .store, tensor: "r", from: "accumulator", to: "dram",
          bytes: 64 * 56 * 56 * 4)))
  }

  @Test func withoutATileStreamedTensorsShareTheFreeBytes() throws {
    var graph = try GraphParser.parse(Self.text)
    graph.nodes[0].schedule.tile = nil
    let schedule = try Scheduler.schedule(graph: graph, accelerator: try BuiltinTargets.load("gemmini"))
    let block = try #require(schedule.kernels.first)
    #expect(block.tile == nil)
    // The input streams through all of the inputs' 64 KiB region of the scratchpad.
    let x = try #require(block.buffers.first { $0.tensor == "x" })
    #expect(x.streamed && x.sizeBytes == 65536 && x.offsetBytes == 0)
    #expect(block.buffers.first { $0.tensor == "r" }?.sizeBytes == 32768)
  }

  @Test func hostKernelsUseNoOnChipBuffers() throws {
    var graph = try GraphParser.parse(Self.text)
    graph.nodes[0].schedule.unit = "host"
    let schedule = try Scheduler.schedule(graph: graph, accelerator: try BuiltinTargets.load("gemmini"))
    let block = try #require(schedule.kernels.first)
    #expect(block.unit == "host")
    #expect(block.buffers.isEmpty)
    #expect(block.transfers.allSatisfy { $0.from == "host" || $0.to == "host" })
    #expect(block.transfers.map(\.bytes).reduce(0, +) == block.dramBytes)
  }

  @Test(arguments: BuiltinTargets.names)
  func anInt8FusedKernelSchedulesOnEveryTarget(_ target: String) throws {
    let accelerator = try BuiltinTargets.load(target)
    var graph = try GraphParser.parse(Self.text)
    // A tile must fit every operand's on-chip share: 64×64 int32 partial sums (16 KiB) do not
    // fit UltraTrail's 3 KiB of feature memory for outputs, 16×16×16 fits every target.
    graph.nodes[0].schedule.tile = Tile(m: 16, n: 16, k: 16, order: "mnk")
    let schedule = try Scheduler.schedule(graph: graph, accelerator: accelerator)
    try ScheduleVerifier.verify(schedule, accelerator)
    #expect(schedule.kernels.count == 2)
  }
}
