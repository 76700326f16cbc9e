import CostModel
import GraphIR
import HardwareModel

/// Schedule → command stream: for each kernel, the commands the target's family would
/// receive (`CommandVocabulary`), as a prologue, a loop nest and an epilogue.
///
/// The loops carry the schedule's decisions: a contraction on a systolic array runs its tile
/// loop nest and the folds of each tile (`ContractionLoop`); an NVDLA layer, a vector or a
/// movement kernel streams in chunks (`ChunkLoop`); a host kernel crosses the link, computes
/// and crosses back. Cycles and bytes are the analytical model's, divided among commands, so
/// the simulator differs from the analytical tier only by what it models on top (latency,
/// queues, dependencies, contention, issue and pipeline overheads).
public enum CommandEmitter {
  /// The command stream of `program`'s kernels as `schedule` places them.
  public static func stream(_ program: KernelProgram, schedule: Schedule, accelerator: Accelerator)
    throws(ScheduleError) -> CommandStream
  {
    guard program.entries.count == schedule.kernels.count else {
      throw ScheduleError(
        "the schedule has \(schedule.kernels.count) kernels but the program \(program.entries.count)")
    }
    let family = accelerator.simulationFamily
    let builder = ProgramBuilder(accelerator: accelerator, vocabulary: .of(family), model: AnalyticalModel(accelerator))
    var programs: [CommandProgram] = []
    for (index, entry) in program.entries.enumerated() {
      programs.append(try builder.program(index, entry.kernel, entry.cost, schedule.kernels[index]))
    }
    if family == .nvdla { builder.chainLayers(&programs) }
    let v = builder.vocabulary
    let settings = accelerator.simulation
    var depths = [ProgramBuilder.hostQueue: 1, ProgramBuilder.controlQueue: max(settings.registerGroups, 1) + 1]
    for queue in [v.loadQueue, v.executeQueue, v.storeQueue] + v.config.map(\.queue) {
      depths[queue] = v.queueDepth(queue, settings)
    }
    return CommandStream(
      target: accelerator.name, family: family.rawValue, clockMHz: accelerator.clockMHz, kernels: programs,
      queueDepths: depths)
  }
}

/// Builds one kernel's program.
struct ProgramBuilder {
  static let hostQueue = "host"
  static let controlQueue = "csb"
  let accelerator: Accelerator
  let vocabulary: CommandVocabulary
  let model: AnalyticalModel
  var settings: SimulationSettings { accelerator.simulation }
  /// Largest chunk a streamed kernel moves at once: small enough that loads, work and stores
  /// of consecutive chunks overlap.
  static let maximumChunkBytes = 65536

  func program(_ index: Int, _ kernel: Kernel, _ cost: KernelCost, _ scheduled: ScheduledKernel) throws(ScheduleError)
    -> CommandProgram
  {
    var prologue: [Command] = []
    var epilogue: [Command] = []
    let name = scheduled.name
    if cost.placement == .none {
      return CommandProgram(kernel: index, name: name, prologue: [], loop: nil, epilogue: [])
    }
    prologue += configCommands(cost.overheadCycles)
    if cost.placement == .host {
      // After the set-up (the epilogue waits for the prologue): link in, compute, link out.
      let epilogue = hostCommands(kernel, cost)
      let shape = (prologue + epilogue).map(Self.shape).joined(separator: "|")
      return CommandProgram(kernel: index, name: name, prologue: prologue, loop: nil, epilogue: epilogue, shape: shape)
    }
    if cost.transferCycles > 0, kernel.layoutDependentBytes > 0 {
      // The operands change layout on the way in and out (the analytical tier's transfer).
      prologue.append(
        Command(
          .load, "relayout_read", queue: vocabulary.loadQueue, unit: CommandVocabulary.loadUnit,
          bytes: kernel.layoutDependentBytes))
      prologue.append(
        Command(
          .store, "relayout_write", queue: vocabulary.storeQueue, unit: CommandVocabulary.storeUnit,
          bytes: kernel.layoutDependentBytes))
    }
    var loop: CommandLoop?
    var loopShape = ""
    switch kernel.work {
    case .convolution, .matrix:
      let (body, hostStages, shape) = try contraction(kernel, cost, scheduled)
      loopShape = shape
      loop = body
      if hostStages > 0 {
        epilogue.append(Command(.host, "host_stages", queue: Self.hostQueue, unit: "host", cycles: hostStages))
      }
    case .vector:
      (loop, loopShape) = chunked(
        kernel, scheduled,
        steps: [step(.vector, vocabulary.vectorMnemonic(unit: cost.unit), cost.unit, cost.computeCycles)])
    case .movement, .free:
      (loop, loopShape) = chunked(kernel, scheduled, steps: [])
    }
    if let fence = vocabulary.fence {
      epilogue.append(Command(.fence, fence, queue: vocabulary.executeQueue, unit: CommandVocabulary.controller))
    }
    let shape = ([loopShape] + (prologue + epilogue).map(Self.shape)).joined(separator: "|")
    return CommandProgram(
      kernel: index, name: name, prologue: prologue, loop: loop, epilogue: epilogue, shape: shape)
  }

  /// A command without its tensor's name.
  static func shape(_ command: Command) -> String {
    var anonymous = command
    anonymous.tensor = ""
    return "\(anonymous)"
  }

  private func step(_ kind: Command.Kind, _ mnemonic: String, _ unit: String, _ cycles: Double) -> ChunkLoop.Step {
    ChunkLoop.Step(kind: kind, mnemonic: mnemonic, queue: vocabulary.executeQueue, unit: unit, cycles: cycles)
  }

  /// The kernel overhead as the family's set-up commands, executed one after another.
  private func configCommands(_ cycles: Double) -> [Command] {
    guard cycles > 0, !vocabulary.config.isEmpty else { return [] }
    let share = cycles / Double(vocabulary.config.count)
    return vocabulary.config.map {
      Command(.config, $0.mnemonic, queue: $0.queue, unit: CommandVocabulary.controller, cycles: share)
    }
  }

  private func hostCommands(_ kernel: Kernel, _ cost: KernelCost) -> [Command] {
    var commands: [Command] = []
    let inputs = Region(level: "host_memory", offsetBytes: 0, sizeBytes: max(kernel.inputBytes, 1))
    let outputs = Region(level: "host_memory", offsetBytes: 1, sizeBytes: max(kernel.outputBytes, 1))
    func cross(_ mnemonic: String, _ bytes: Int, reads: [Region], writes: [Region]) {
      guard model.host?.link != nil, bytes > 0 else { return }
      commands.append(
        Command(
          .host, mnemonic, queue: Self.hostQueue, unit: "host.link", bytes: bytes,
          cycles: model.linkCycles(bytes: bytes), reads: reads, writes: writes))
    }
    cross("link_to_host", kernel.inputBytes, reads: [], writes: [inputs])
    commands.append(
      Command(
        .host, "host_compute", queue: Self.hostQueue, unit: "host", cycles: cost.computeCycles, reads: [inputs],
        writes: [outputs]))
    cross("link_to_device", kernel.outputBytes, reads: [outputs], writes: [])
    return commands
  }

  // MARK: - Contractions

  private func contraction(_ kernel: Kernel, _ cost: KernelCost, _ scheduled: ScheduledKernel) throws(ScheduleError)
    -> (CommandLoop, hostStageCycles: Double, shape: String)
  {
    let pipelined = cost.pipelinedStage
    switch model.tileSupport(for: kernel) {
    case .array(let problem):
      let (loop, shape) = try systolic(kernel, problem, cost.arrayCycles, pipelined, scheduled, unit: cost.unit)
      return (loop, cost.hostStageCycles, shape)
    default:
      let steps =
        [step(.compute, vocabulary.compute, cost.unit, cost.arrayCycles)]
        + (pipelined.map { [step(.vector, vocabulary.vectorMnemonic(unit: $0.unit), $0.unit, $0.cycles)] } ?? [])
      let (loop, shape) = chunked(kernel, scheduled, steps: steps)
      return (loop, cost.hostStageCycles, shape)
    }
  }

  private func systolic(
    _ kernel: Kernel, _ problem: TilingProblem, _ arrayCycles: Double, _ stage: KernelCost.StageCost?,
    _ scheduled: ScheduledKernel, unit: String
  ) throws(ScheduleError) -> (CommandLoop, shape: String) {
    guard case .systolic(let array)? = model.arrayUnit(for: kernel.elementType)?.kind else {
      throw ScheduleError("kernel '\(kernel.name)': no systolic array for its element type")
    }
    let gemm = problem.gemm
    let extents = [gemm.m, gemm.n, gemm.k].map { max($0, 1) }
    var tile = extents
    var order = [0, 1, 2]
    if let chosen = kernel.tile ?? defaultTile(kernel) {
      tile = [chosen.m, chosen.n, chosen.k].enumerated().map { min(max($1, 1), extents[$0]) }
      let parsed = chosen.order.compactMap { ["m": 0, "n": 1, "k": 2][$0] }
      if parsed.count == 3, Set(parsed).count == 3 { order = parsed }
    }
    let (rowDim, colDim, temporalDim) =
      switch array.dataflows.first ?? .weightStationary {
      case .outputStationary: (0, 1, 2)
      case .weightStationary: (2, 1, 0)
      case .inputStationary: (2, 0, 1)
      }
    let repeats = max(problem.repeats, 1)
    let streamed = ContractionLoop.streamedTotal(
      extents: extents, tile: tile, rows: array.rows, cols: array.cols, dims: (rowDim, colDim, temporalDim),
      repeats: repeats)
    let allocator = BufferAllocator(accelerator: accelerator)
    let accumulator = accelerator.memoryLevels.dropFirst().first { $0.holds.contains(.accumulators) }
    func operand(_ dims: [Int], _ role: TensorRole, _ bytes: Int, _ elements: Double) -> ContractionLoop.Operand {
      let region = allocator.region(for: role)
      var level = region?.level
      if role == .output, let accumulator { level = accumulator }
      // The role's largest tensor names the operand (not a quantization scale beside it).
      var tensor = role.rawValue
      var largest = -1
      for buffer in scheduled.buffers where buffer.role == role && buffer.tensorBytes > largest {
        (tensor, largest) = (buffer.tensor, buffer.tensorBytes)
      }
      return ContractionLoop.Operand(
        dims: dims, tensor: tensor, level: level?.name ?? "dram",
        baseOffset: role == .output && accumulator != nil ? 0 : region?.offsetBytes ?? 0,
        halfBytes: level.map { BufferAllocator.usableBytes($0) } ?? 0, doubleBuffered: level?.doubleBuffered ?? false,
        bytesPerElement: elements > 0 ? Double(bytes) / (elements * Double(repeats)) : 0)
    }
    let (m, n, k) = (Double(extents[0]), Double(extents[1]), Double(extents[2]))
    let outputElements = Double(repeats) * m * n
    var body = ContractionLoop(
      extents: extents, tile: tile, order: order, repeats: repeats, rows: array.rows, cols: array.cols,
      rowDim: rowDim, colDim: colDim, temporalDim: temporalDim,
      a: operand([0, 2], .input, problem.inputBytes, m * k), b: operand([2, 1], .weight, problem.weightBytes, k * n),
      c: operand([0, 1], .output, problem.outputBytes, m * n), partialSumBytes: problem.partialSumBytes,
      computeUnit: unit, computeCyclesPerStreamed: streamed > 0 ? arrayCycles / streamed : 0,
      stage: stage.map { ($0.unit, outputElements > 0 ? $0.cycles / outputElements : 0) }, vocabulary: vocabulary)
    if accelerator.simulationFamily == .gemmini {
      (body.a.rowBytes, body.b.rowBytes, body.c.rowBytes) = Self.gemminiRows(kernel, cols: array.cols)
      // LoopConv (gemmini 91b62ba) starts a tile's computes once all its loads are done and
      // its stores once all its computes are; LoopMatmul computes as soon as its blocks arrive.
      if case .convolution = kernel.work { body.phased = true }
    }
    var anonymous = body
    (anonymous.a.tensor, anonymous.b.tensor, anonymous.c.tensor) = ("", "", "")
    return (CommandLoop(levels: body.levels, tripsAt: body.trips, body: body.commands), "\(anonymous)")
  }

  /// Bytes per DMA request of a contraction's input, weight and output rows on Gemmini, whose
  /// DMA issues one request per scratchpad row (gemmini LoadController / StreamReader; rows
  /// of at most `dma_maxbytes`): a convolution reads NHWC pixels (its input channels
  /// contiguous) and `(kh, kw, ic)` weight rows of output channels, and LoopConv stores one
  /// array-wide block of output channels per row; a matrix product's rows are its K and N
  /// extents, stored up to four blocks at a time.
  static func gemminiRows(_ kernel: Kernel, cols: Int) -> (Int, Int, Int) {
    let bytes = kernel.elementType.byteWidth
    switch kernel.work {
    case .convolution(let nest):
      return (
        nest.inputChannels * bytes, nest.outputChannels * bytes, min(nest.outputChannels, cols) * bytes
      )
    case .matrix(let gemm, _):
      return (gemm.k * bytes, gemm.n * bytes, min(gemm.n, 4 * cols) * bytes)
    default: return (0, 0, 0)
    }
  }

  /// An untiled contraction runs as the whole GEMM when it fits, else as the best tile.
  private func defaultTile(_ kernel: Kernel) -> Tile? {
    guard case .array(let problem) = model.tileSupport(for: kernel) else { return nil }
    let whole = Tile(m: problem.gemm.m, n: problem.gemm.n, k: problem.gemm.k, order: "mnk")
    if problem.overflow(whole) == nil { return whole }
    return (try? model.bestTile(for: kernel))??.tile
  }

  // MARK: - Streamed kernels

  private func chunked(_ kernel: Kernel, _ scheduled: ScheduledKernel, steps: [ChunkLoop.Step])
    -> (CommandLoop, shape: String)
  {
    // The schedule's transfers add up to the DRAM bytes the timing model charged (refetch
    // included); per chunk, one load per operand role and one store.
    var loads: [ChunkLoop.Transfer] = []
    var stores: [ChunkLoop.Transfer] = []
    for transfer in scheduled.transfers {
      let role = scheduled.buffers.first { $0.tensor == transfer.tensor }?.role ?? .input
      let mnemonic = transfer.direction == .store ? vocabulary.store : loadMnemonic(role)
      let merged = ChunkLoop.Transfer(mnemonic: mnemonic, tensor: transfer.tensor, bytes: transfer.bytes)
      if transfer.direction == .store {
        Self.merge(merged, into: &stores)
      } else {
        Self.merge(merged, into: &loads)
      }
    }
    let moved = (loads + stores).reduce(0) { $0 + $1.bytes }
    let level = accelerator.memoryLevels.dropFirst().first { $0.holds.contains(.inputs) || $0.holds.contains(.weights) }
    let capacity = level.map { BufferAllocator.usableBytes($0) / 2 } ?? Self.maximumChunkBytes
    let chunkBytes = max(min(capacity, Self.maximumChunkBytes), 1)
    var chunks = max(ceilDiv(moved, chunkBytes), 1)
    if case .macCells(let cells)? = model.arrayUnit(for: kernel.elementType)?.kind,
      case .convolution(let nest) = kernel.work
    {
      // An NVDLA layer works through its output channels atomic-K at a time.
      chunks = max(chunks, ceilDiv(nest.outputChannels, cells.atomicK) * max(nest.groups, 1))
    }
    let outputLevel = accelerator.memoryLevels.dropFirst().first { $0.holds.contains(.outputs) }
    var body = ChunkLoop(
      chunks: chunks, loads: loads, steps: steps, stores: stores, loadQueue: vocabulary.loadQueue,
      storeQueue: vocabulary.storeQueue, inputLevel: level?.name, outputLevel: outputLevel?.name ?? level?.name,
      halfBytes: chunkBytes)
    // A row-stationary array's passes work out of a global buffer that is not ping-ponged
    // (Eyeriss's, `double_buffered: false`): its DRAM traffic waits for the passes. (NVDLA's
    // CDMA fills the convolution buffer while CMAC computes, whatever the flag says.)
    if case .rowStationary? = model.arrayUnit(for: kernel.elementType)?.kind, kernel.macs > 0, let level {
      body.doubleBuffered = level.doubleBuffered
    }
    var anonymous = body
    anonymous.loads = anonymous.loads.map {
      var t = $0; t.tensor = ""; return t
    }
    anonymous.stores = anonymous.stores.map {
      var t = $0; t.tensor = ""; return t
    }
    return (CommandLoop(levels: body.levels, body: body.commands), "\(anonymous)")
  }

  /// Adds a transfer to the one of the same mnemonic (keeping the larger tensor's name).
  private static func merge(_ transfer: ChunkLoop.Transfer, into list: inout [ChunkLoop.Transfer]) {
    guard let index = list.firstIndex(where: { $0.mnemonic == transfer.mnemonic }) else {
      list.append(transfer)
      return
    }
    if transfer.bytes > list[index].bytes { list[index].tensor = transfer.tensor }
    list[index].bytes = saturatingAdd(list[index].bytes, transfer.bytes)
  }

  private func loadMnemonic(_ role: TensorRole) -> String {
    role == .weight ? vocabulary.loadWeight : vocabulary.loadInput
  }

  // MARK: - NVDLA layer control

  /// NVDLA: every layer on the accelerator is programmed into a register group (two, used
  /// in turn) while the previous layer runs, and raises an interrupt when done. Layer k's
  /// commands read its group; programming layer k + 2 into the same group waits for them.
  func chainLayers(_ programs: inout [CommandProgram]) {
    let groups = max(settings.registerGroups, 1)
    let layers = programs.indices.filter { programs[$0].loop != nil }
    for (ordinal, index) in layers.enumerated() {
      programs[index].shape = ""
      let group = Region(level: "register_group", offsetBytes: ordinal % groups, sizeBytes: 1)
      if var loop = programs[index].loop {
        let body = loop.body
        loop = CommandLoop(
          levels: loop.levels, tripsAt: loop.trips,
          body: { position in
            body(position).map { command in
              var command = command
              command.reads.append(group)
              return command
            }
          })
        programs[index].loop = loop
      }
      let program = Command(
        .program, "program_layer", queue: Self.controlQueue, unit: "csb",
        cycles: Double(accelerator.overheads.kernelCycles), writes: [group])
      if ordinal == 0 {
        programs[index].prologue.insert(program, at: 0)
      }
      if ordinal + 1 < layers.count {
        let next = Region(level: "register_group", offsetBytes: (ordinal + 1) % groups, sizeBytes: 1)
        var nextProgram = program
        nextProgram.writes = [next]
        programs[index].epilogue.append(nextProgram)
      }
      programs[index].epilogue.append(
        Command(
          .interrupt, "interrupt", queue: Self.controlQueue, unit: "cpu", cycles: Double(settings.interruptCycles)))
    }
  }
}
