import Scheduler

/// The event loop behind `Simulator.simulate` (one run; not reusable).
final class Engine {
  enum Phase: Int { case prologue = 0, body = 1, epilogue = 2 }

  /// A command in flight (issued, not completed). Its `Command` sits in `commands` at the
  /// same index; dependencies name other slots by (index, id), so a reused slot is not
  /// mistaken for the command that held it before.
  struct Slot {
    var id = -1
    var active = false
    var started = false
    var kind = Command.Kind.config
    var kernel = 0
    var phase = Phase.prologue
    var queue = 0
    var unit = 0
    var dependencies: [Reference] = []
    var issue = 0.0
    var start = 0.0
    var end = 0.0
  }

  struct Reference: Equatable {
    var slot: Int
    var id: Int
  }

  struct KernelState {
    /// Per phase (prologue, body, epilogue): commands issued and completed, and whether the
    /// cursor has issued all of the phase. Outstanding = issued − done.
    var outstanding: (Int, Int, Int) = (0, 0, 0)
    var phasesIssued = 0
    var start = Double.infinity
    var end = 0.0
    var simulated = 0
    var represented = 0
    var complete: Bool { phasesIssued == 3 && outstanding == (0, 0, 0) }
    func phaseComplete(_ phase: Phase) -> Bool {
      guard phasesIssued > phase.rawValue else { return false }
      switch phase {
      case .prologue: return outstanding.0 == 0
      case .body: return outstanding.1 == 0
      case .epilogue: return outstanding.2 == 0
      }
    }
    mutating func add(_ phase: Phase, _ count: Int) {
      switch phase {
      case .prologue: outstanding.0 += count
      case .body: outstanding.1 += count
      case .epilogue: outstanding.2 += count
      }
    }
  }

  let stream: CommandStream
  let parameters: SimulatorParameters
  let options: SimulationOptions
  /// The stream's commands when every loop runs (known without extrapolation; for progress).
  var expectedCommands = 0

  var now = 0.0
  var heap = EventHeap()
  var events = 0
  var slots: [Slot] = []
  var commands: [Command] = []
  var freeSlots: [Int] = []
  var inFlight = 0
  var nextID = 0

  var queueNames: [String] = []
  var queueDepths: [Int] = []
  var waiting: [[Int]] = []
  var waitingHead: [Int] = []
  var occupancy: [Int] = []

  var unitNames: [String] = []
  var unitFree: [Double] = []
  var unitBusy: [Double] = []
  var timeline = UtilizationTimeline()
  var unitCommands: [Int] = []
  var unitWake: [Double] = []

  var readChannelFree = 0.0
  var writeChannelFree = 0.0
  /// Per region (level index, offset): its last writer and the readers since, in flight or not.
  var regions: [RegionKey: (writer: Reference?, readers: [Reference], accumulating: Bool)] = [:]
  var levelNames: [String] = []

  struct RegionKey: Hashable {
    var level: Int
    var offset: Int
    var size: Int
  }

  private func key(_ region: Region) -> RegionKey {
    let level = levelNames.firstIndex(of: region.level) ?? levelNames.count
    if level == levelNames.count { levelNames.append(region.level) }
    return RegionKey(level: level, offset: region.offsetBytes, size: region.sizeBytes)
  }
  var kernels: [KernelState]
  /// Kernels 0..<completedKernels have all completed (the order every kernel waits for).
  var completedKernels = 0
  var dramBytes = 0.0
  var records: [CommandRecord] = []
  var extrapolated: [ExtrapolatedSpan] = []
  var simulatedCommands = 0
  var representedCommands = 0

  /// Kernel memo: a kernel that starts on an idle machine takes what an earlier kernel of the
  /// same shape took from an idle machine (the machine is deterministic).
  struct KernelMemo {
    var start: Snapshot
    var startOffset = 0.0
    var cycles = 0.0
    var represented = 0
    var end: Snapshot
  }
  var memo: [String: KernelMemo] = [:]
  var entered: [Int: (shape: String, start: Snapshot)] = [:]

  var cursor: Cursor
  var pending: (command: Command, kernel: Int, phase: Phase)?
  var frontEndBusyUntil = 0.0
  var frontEndWake = -1.0

  init(_ stream: CommandStream, _ parameters: SimulatorParameters, _ options: SimulationOptions) {
    self.stream = stream
    self.parameters = parameters
    self.options = options
    kernels = Array(repeating: KernelState(), count: stream.kernels.count)
    cursor = Cursor(stream)
  }

  // MARK: - Run

  func run() {
    fetch()
    issue()
    while let event = heap.pop() {
      events += 1
      now = max(now, event.time)
      if event.slot >= 0 { complete(event.slot) }
      issue()
      startReady()
    }
  }

  /// Takes the next command from the cursor (extrapolating at loop boundaries) and marks the
  /// phases the cursor moved past as fully issued.
  private func fetch() {
    pending = cursor.next(self)
  }

  /// Issues commands while the front end is free and their queues have room.
  private func issue() {
    while let (command, kernel, phase) = pending {
      if frontEndBusyUntil > now {
        if frontEndWake != frontEndBusyUntil {
          frontEndWake = frontEndBusyUntil
          heap.push(frontEndBusyUntil, slot: -1)
        }
        return
      }
      if command.kind == .fence {
        guard inFlight == 0 else { return }
        count(kernel)
        fetch()
        continue
      }
      let queue = queue(command.queue)
      guard occupancy[queue] < queueDepths[queue] else { return }
      let id = nextID
      nextID += 1
      let index = freeSlots.popLast() ?? slots.count
      let slot = Slot(
        id: id, active: true, kind: command.kind, kernel: kernel, phase: phase, queue: queue, unit: unit(command.unit),
        dependencies: dependencies(command, Reference(slot: index, id: id)), issue: now)
      if index == slots.count {
        slots.append(slot)
        commands.append(command)
      } else {
        slots[index] = slot
        commands[index] = command
      }
      inFlight += 1
      waiting[queue].append(index)
      occupancy[queue] += 1
      if command.kind != .program && command.kind != .interrupt { kernels[kernel].add(phase, 1) }
      count(kernel)
      frontEndBusyUntil = now + parameters.issueCycles
      fetch()
      startReady()
    }
  }

  private func count(_ kernel: Int) {
    simulatedCommands += 1
    if simulatedCommands & 0xFFFF == 0, let progress = options.progress {
      progress(representedCommands, expectedCommands)
    }
    representedCommands += 1
    kernels[kernel].simulated += 1
    kernels[kernel].represented += 1
  }

  /// The commands `command` must wait for, from the regions it reads and writes; records it
  /// as the regions' newest reader or writer.
  private func dependencies(_ command: Command, _ me: Reference) -> [Reference] {
    var result: [Reference] = []
    for region in command.reads {
      let region = key(region)
      var entry = regions[region] ?? (nil, [], false)
      if let writer = entry.writer, isInFlight(writer) { result.append(writer) }
      entry.readers.removeAll { !isInFlight($0) }
      entry.readers.append(me)
      regions[region] = entry
    }
    for region in command.writes {
      let region = key(region)
      let entry = regions[region] ?? (nil, [], false)
      let chained = command.accumulates && entry.accumulating && entry.readers.isEmpty
      if let writer = entry.writer, isInFlight(writer), !chained { result.append(writer) }
      for reader in entry.readers where reader != me && isInFlight(reader) { result.append(reader) }
      regions[region] = (me, [], command.accumulates)
    }
    return result
  }

  @inline(__always) private func isInFlight(_ reference: Reference) -> Bool {
    slots[reference.slot].id == reference.id && slots[reference.slot].active
  }

  // MARK: - Starting and completing

  private func startReady() {
    for queue in waiting.indices {
      while waitingHead[queue] < waiting[queue].count {
        let index = waiting[queue][waitingHead[queue]]
        guard canStart(index) else { break }
        start(index)
        waitingHead[queue] += 1
      }
      if waitingHead[queue] > 64 && waitingHead[queue] * 2 > waiting[queue].count {
        waiting[queue].removeFirst(waitingHead[queue])
        waitingHead[queue] = 0
      }
    }
  }

  private func canStart(_ index: Int) -> Bool {
    let kernel = slots[index].kernel
    let phase = slots[index].phase
    switch slots[index].kind {
    case .program: break
    case .interrupt: guard completedKernels > kernel else { return false }
    default:
      if kernel > 0, completedKernels < kernel { return false }
      if phase != .prologue, !kernels[kernel].phaseComplete(.prologue) { return false }
      if phase == .epilogue, !kernels[kernel].phaseComplete(.body) { return false }
    }
    for dependency in slots[index].dependencies where isInFlight(dependency) { return false }
    let unit = slots[index].unit
    if unitFree[unit] > now {
      if unitWake[unit] != unitFree[unit] {
        unitWake[unit] = unitFree[unit]
        heap.push(unitFree[unit], slot: -1)
      }
      return false
    }
    return true
  }

  private func start(_ index: Int) {
    let command = commands[index]
    var slot = slots[index]
    slot.started = true
    slot.start = now
    var occupied = command.kind == .interrupt && !parameters.chargeInterrupts ? 0 : command.cycles
    switch command.kind {
    case .load, .store:
      let isLoad = command.kind == .load
      let channel = isLoad ? parameters.dramReadBytesPerCycle : parameters.dramWriteBytesPerCycle
      let level = isLoad ? command.writes.first?.level : command.reads.first?.level
      let engine = parameters.engineBytesPerCycle(channel: channel, level: level, requestBytes: command.requestBytes)
      let bytes = Double(command.bytes)
      occupied = bytes > 0 ? bytes / engine : 0
      let data = bytes > 0 ? bytes / channel : 0
      let shared = parameters.dramSharedChannel || isLoad
      let free = shared ? readChannelFree : writeChannelFree
      let dataStart = max(now, free)
      if shared { readChannelFree = dataStart + data } else { writeChannelFree = dataStart + data }
      slot.end = max(dataStart + data, now + occupied) + (bytes > 0 ? parameters.dramLatencyCycles : 0)
      dramBytes += bytes
    case .compute:
      slot.end = now + occupied + (occupied > 0 ? parameters.computeLatencyCycles : 0)
    default:
      slot.end = now + occupied
    }
    unitFree[slot.unit] = now + occupied
    unitBusy[slot.unit] += occupied
    if options.recordTimeline { timeline.add(unit: slot.unit, cycles: occupied, from: now, to: now + occupied) }
    unitCommands[slot.unit] += 1
    kernels[slot.kernel].start = min(kernels[slot.kernel].start, now)
    slots[index] = slot
    heap.push(slot.end, slot: index)
  }

  private func complete(_ index: Int) {
    guard slots[index].active else { return }
    slots[index].active = false
    let slot = slots[index]
    freeSlots.append(index)
    inFlight -= 1
    occupancy[slot.queue] -= 1
    if slot.kind != .program && slot.kind != .interrupt {
      kernels[slot.kernel].add(slot.phase, -1)
      kernels[slot.kernel].end = max(kernels[slot.kernel].end, slot.end)
      if kernels[slot.kernel].complete { kernelCompleted(slot.kernel) }
    }
    if options.recordCommands {
      let c = commands[index]
      records.append(
        CommandRecord(
          kernel: slot.kernel, kind: c.kind, mnemonic: c.mnemonic, queue: c.queue, unit: c.unit, bytes: c.bytes,
          issueCycle: slot.issue, startCycle: slot.start, endCycle: slot.end))
    }
  }

  // MARK: - Resources

  private func queue(_ name: String) -> Int {
    if let index = queueNames.firstIndex(of: name) { return index }
    let index = queueDepths.count
    queueNames.append(name)
    queueDepths.append(max(stream.queueDepths[name] ?? 8, 1))
    waiting.append([])
    waitingHead.append(0)
    occupancy.append(0)
    return index
  }

  private func unit(_ name: String) -> Int {
    if let index = unitNames.firstIndex(of: name) { return index }
    let index = unitNames.count
    unitNames.append(name)
    unitFree.append(0)
    unitBusy.append(0)
    unitCommands.append(0)
    unitWake.append(-1)
    return index
  }

  // MARK: - Extrapolation support

  /// The machine at the start of a loop iteration: the clock, counters, and everything that
  /// decides the future relative to now (commands in flight with their times, dependencies and
  /// flags; when units, channels and the front end free up). Two snapshots whose relative
  /// state is equal mean the machine repeats itself from there.
  struct Snapshot {
    var time: Double
    var commands: Int
    var busy: [Double]
    var unitCommands: [Int]
    var dramBytes: Double
    var inFlight: [Shape]
    var relative: [Double]
  }

  /// A command without the regions it names: iterations of a loop touch different blocks
  /// (the dependencies they cause are in `Snapshot.relative`).
  struct Shape: Equatable {
    var kind: Command.Kind
    var unit: Int
    var bytes: Int
    var cycles: Double
  }

  func snapshot() -> Snapshot {
    var inFlight: [Shape] = []
    var relative: [Double] = [
      max(frontEndBusyUntil - now, 0), max(readChannelFree - now, 0), max(writeChannelFree - now, 0),
    ]
    relative += unitFree.map { max($0 - now, 0) }
    relative += occupancy.map(Double.init)
    let active = slots.indices.filter { slots[$0].active }.sorted { slots[$0].id < slots[$1].id }
    for index in active {
      let slot = slots[index]
      inFlight.append(
        Shape(kind: slot.kind, unit: slot.unit, bytes: commands[index].bytes, cycles: commands[index].cycles))
      relative += [
        Double(slot.id - nextID), slot.started ? slot.start - now : -1, slot.started ? slot.end - now : -1,
        Double(slot.dependencies.count),
      ]
      relative += slot.dependencies.map { isInFlight($0) ? Double($0.id - nextID) : 1 }
    }
    return Snapshot(
      time: now, commands: representedCommands, busy: unitBusy, unitCommands: unitCommands, dramBytes: dramBytes,
      inFlight: inFlight, relative: relative)
  }

  /// Moves the machine `iterations` loop iterations ahead: every pending time `cycles`
  /// later, counters advanced by what `from` → `to` (one iteration) added, times `iterations`.
  func skip(kernel: Int, loop: String, iterations: Int, from: Snapshot, to: Snapshot, iterationsPerStep: Int) {
    let perIteration = to.time - from.time
    let cycles = perIteration * Double(iterations)
    let commands = (to.commands - from.commands) * iterations
    extrapolated.append(
      ExtrapolatedSpan(
        kernel: kernel, loop: loop, iterations: iterations * iterationsPerStep, commands: commands, startCycle: now,
        cyclesPerIteration: perIteration / Double(iterationsPerStep)))
    now += cycles
    heap.shift(by: cycles)
    frontEndBusyUntil += cycles
    if frontEndWake >= 0 { frontEndWake += cycles }
    readChannelFree += cycles
    writeChannelFree += cycles
    for unit in unitFree.indices {
      unitFree[unit] += cycles
      if unitWake[unit] >= 0 { unitWake[unit] += cycles }
    }
    for index in slots.indices where slots[index].active {
      slots[index].issue += cycles
      slots[index].start += cycles
      slots[index].end += cycles
    }
    addCounters(from: from, to: to, times: iterations, spreadFrom: now - cycles, to: now)
    representedCommands += commands
    kernels[kernel].represented += commands
  }

  /// Adds what the machine's counters (unit busy time and commands, DRAM bytes) gained from
  /// `from` to `to`, `times` times: work that was skipped, not run.
  private func addCounters(from: Snapshot, to: Snapshot, times: Int, spreadFrom start: Double, to end: Double) {
    for unit in unitBusy.indices where unit < to.busy.count {
      let busyBefore = unit < from.busy.count ? from.busy[unit] : 0
      let commandsBefore = unit < from.unitCommands.count ? from.unitCommands[unit] : 0
      let skipped = (to.busy[unit] - busyBefore) * Double(times)
      unitBusy[unit] += skipped
      if options.recordTimeline { timeline.add(unit: unit, cycles: skipped, from: start, to: end) }
      unitCommands[unit] += (to.unitCommands[unit] - commandsBefore) * times
    }
    dramBytes += (to.dramBytes - from.dramBytes) * Double(times)
  }

  func markIssued(kernel: Int, phase: Phase) {
    kernels[kernel].phasesIssued = max(kernels[kernel].phasesIssued, phase.rawValue + 1)
    if kernels[kernel].complete { kernelCompleted(kernel) }
  }

  private func kernelCompleted(_ kernel: Int) {
    remember(kernel)
    while completedKernels < kernels.count && kernels[completedKernels].complete { completedKernels += 1 }
  }

  /// Offers kernel `index` to the memo as the cursor reaches it: replays an earlier kernel of
  /// the same shape when the machine is idle (returns true: the kernel is done), otherwise
  /// notes the start so the kernel can be remembered when it completes.
  func enterKernel(_ index: Int, shape: String) -> Bool {
    guard options.extrapolate, !shape.isEmpty, inFlight == 0, frontEndBusyUntil <= now else { return false }
    guard let known = memo[shape] else {
      entered[index] = (shape, snapshot())
      return false
    }
    kernels[index].start = now + known.startOffset
    kernels[index].end = now + known.cycles
    kernels[index].phasesIssued = 3
    kernels[index].represented = known.represented
    kernelCompleted(index)
    extrapolated.append(
      ExtrapolatedSpan(
        kernel: index, loop: "kernel", iterations: 1, commands: known.represented, startCycle: now,
        cyclesPerIteration: known.cycles))
    now += known.cycles
    frontEndBusyUntil = max(frontEndBusyUntil, now)
    addCounters(from: known.start, to: known.end, times: 1, spreadFrom: now - known.cycles, to: now)
    representedCommands += known.represented
    return true
  }

  private func remember(_ kernel: Int) {
    guard let (shape, start) = entered.removeValue(forKey: kernel) else { return }
    memo[shape] = KernelMemo(
      start: start, startOffset: kernels[kernel].start - start.time, cycles: kernels[kernel].end - start.time,
      represented: kernels[kernel].represented, end: snapshot())
  }

  // MARK: - Result

  /// A command left over when the event loop ran dry (a deadlock), described.
  func stuckCommand() -> String? {
    let command =
      pending.map { ($0.command, $0.kernel) }
      ?? slots.indices.first { slots[$0].active }.map { (commands[$0], slots[$0].kernel) }
    guard let (command, kernel) = command else { return nil }
    return "'\(command.mnemonic)' of kernel \(kernel) ('\(stream.kernels[kernel].name)', queue \(command.queue))"
  }

  func result() -> SimulationResult {
    var timings: [KernelTiming] = []
    var previousEnd = 0.0
    for (index, state) in kernels.enumerated() {
      let end = max(state.end, previousEnd)
      let start = state.start.isFinite ? state.start : previousEnd
      timings.append(
        KernelTiming(
          index: index, name: stream.kernels[index].name, startCycle: start, endCycle: end,
          cycles: end - previousEnd, simulatedCommands: state.simulated, representedCommands: state.represented))
      previousEnd = end
    }
    let total = max(previousEnd, now)
    let units = unitNames.indices.map {
      UnitTiming(
        name: unitNames[$0], busyCycles: unitBusy[$0], commands: unitCommands[$0],
        utilizationOverTime: timeline.utilization(unit: $0, totalCycles: total))
    }.sorted { $0.name < $1.name }
    return SimulationResult(
      target: stream.target, clockMHz: stream.clockMHz, totalCycles: total, kernels: timings,
      units: units, events: events, simulatedCommands: simulatedCommands, representedCommands: representedCommands,
      extrapolated: extrapolated, records: records, dramBytes: Int(dramBytes.rounded()),
      timelineBinCycles: timeline.binCycles)
  }
}
