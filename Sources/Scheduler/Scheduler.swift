import CostModel
import GraphIR
import HardwareModel

/// Graph → Schedule: the kernels of the graph's lowering in graph order, priced by the
/// analytical timing model, run back to back (as the model assumes), with their tensors
/// placed in on-chip buffers and the DMA transfers that move them.
public enum Scheduler {
  /// Schedules `graph` on `accelerator` and checks the result with `ScheduleVerifier`.
  ///
  /// What the graph's node schedules leave undecided gets the default lowering, exactly as
  /// `tessera estimate` prices it, so the schedule's total equals the timing model's estimate.
  ///
  /// - Throws: `ScheduleError` naming the kernel the target cannot run, or every problem
  ///   the verifier found (a scheduler bug, or a graph whose nodes are out of order).
  public static func schedule(graph: Graph, accelerator: Accelerator) throws(ScheduleError) -> Schedule {
    let program: KernelProgram
    do { program = try KernelProgram(graph, model: AnalyticalModel(accelerator)) } catch {
      throw ScheduleError(error.description)
    }
    return try schedule(program, accelerator: accelerator)
  }

  /// Schedules the kernels of `program` on `accelerator`, as the program prices them.
  public static func schedule(_ program: KernelProgram, accelerator: Accelerator) throws(ScheduleError) -> Schedule {
    let allocator = BufferAllocator(accelerator: accelerator)
    let dramLevel = accelerator.memoryLevels.first?.name ?? "dram"
    var scheduled: [ScheduledKernel] = []
    var clock = 0.0
    for entry in program.entries {
      let (kernel, cost) = (entry.kernel, entry.cost)
      let tensors = entry.tensors.map { bufferRequest($0, tile: kernel.tile) }
      // The host and pure relabellings do not use the accelerator's on-chip memory.
      let buffers = cost.placement.usesOnChipMemory ? allocator.allocate(tensors) : []
      let endpoints = tensors.map { tensor in
        let buffer = buffers.first { $0.tensor == tensor.name && $0.role == tensor.role }
        return TransferPlanner.Endpoint(
          tensor: tensor.name, role: tensor.role, bytes: tensor.bytes, onChip: buffer?.level ?? cost.unit,
          streamed: buffer?.streamed ?? false)
      }
      let item = ScheduledKernel(
        name: kernel.name, nodes: entry.nodes, ops: kernel.ops, unit: cost.unit,
        dtype: kernel.elementType.rawValue, tile: kernel.tile, cycles: cost.totalCycles,
        computeCycles: cost.computeCycles, overheadCycles: cost.overheadCycles,
        bound: cost.limiter, utilization: cost.utilization,
        dramBytes: cost.dramBytes, macs: kernel.macs, startCycle: clock, buffers: buffers,
        transfers: TransferPlanner.transfers(
          endpoints, dramLevel: dramLevel, dramBytes: cost.dramBytes, unit: cost.unit),
        dependencies: entry.dependencies, kernel: kernel, tensors: entry.tensors, cost: cost)
      clock = item.endCycle
      scheduled.append(item)
    }
    let schedule = Schedule(
      target: accelerator.name, targetDescription: AcceleratorWriter.yaml(accelerator),
      clockMHz: accelerator.clockMHz, kernels: scheduled)
    try ScheduleVerifier.verify(schedule, accelerator)
    return schedule
  }

  /// A boundary tensor as a buffer request, with one tile's bytes when the kernel is tiled
  /// (GEMM view: inputs M×K, weights K×N, outputs M×N).
  private static func bufferRequest(_ tensor: BoundaryTensor, tile: Tile?) -> BufferAllocator.Request {
    let tileElements = tile.map { tile in
      switch tensor.role {
      case .input: saturatingMultiply(tile.m, tile.k)
      case .weight: saturatingMultiply(tile.k, tile.n)
      case .output: saturatingMultiply(tile.m, tile.n)
      }
    }
    return BufferAllocator.Request(
      name: tensor.name, role: tensor.role, bytes: tensor.bytes,
      tileBytes: tileElements.map { min(saturatingMultiply($0, tensor.elementBytes), tensor.bytes) })
  }
}
