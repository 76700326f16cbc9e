import Scheduler

/// Walks a command stream in program order: each kernel's prologue, its loop nest iteration
/// by iteration, its epilogue. At the start of each loop iteration it asks `SteadyState`
/// whether the loop is steady, and if so jumps ahead (the engine shifts its clock).
struct Cursor {
  let stream: CommandStream
  var kernel = 0
  var phase = Engine.Phase.prologue
  var index = 0
  var position: [Int]? = nil
  var buffer: [Command] = []
  var bufferIndex = 0
  var steady = SteadyState()
  /// Whether the current kernel was offered to the engine's kernel memo.
  var entered = false

  init(_ stream: CommandStream) { self.stream = stream }

  mutating func next(_ engine: Engine) -> (command: Command, kernel: Int, phase: Engine.Phase)? {
    while kernel < stream.kernels.count {
      let program = stream.kernels[kernel]
      switch phase {
      case .prologue:
        if index == 0, !entered {
          entered = true
          if engine.enterKernel(kernel, shape: program.shape) {
            kernel += 1
            entered = false
            continue
          }
        }
        if index < program.prologue.count {
          index += 1
          return (program.prologue[index - 1], kernel, .prologue)
        }
        engine.markIssued(kernel: kernel, phase: .prologue)
        phase = .body
        position = nil
      case .body:
        if bufferIndex < buffer.count {
          bufferIndex += 1
          return (buffer[bufferIndex - 1], kernel, .body)
        }
        guard let loop = program.loop, advance(loop) else {
          engine.markIssued(kernel: kernel, phase: .body)
          phase = .epilogue
          index = 0
          continue
        }
        if engine.options.extrapolate, var current = position {
          steady.iterationStarts(loop, &current, kernel: kernel, engine: engine)
          position = current
        }
        if let current = position {
          buffer = loop.body(current)
          bufferIndex = 0
        }
      case .epilogue:
        if index < program.epilogue.count {
          index += 1
          return (program.epilogue[index - 1], kernel, .epilogue)
        }
        engine.markIssued(kernel: kernel, phase: .epilogue)
        kernel += 1
        entered = false
        phase = .prologue
        index = 0
        buffer = []
        bufferIndex = 0
        steady = SteadyState()
      }
    }
    return nil
  }

  /// Moves to the loop's next position (the first on the first call); false past the end.
  private mutating func advance(_ loop: CommandLoop) -> Bool {
    guard var current = position else {
      let first = Array(repeating: 0, count: loop.levels.count)
      guard loop.levels.indices.allSatisfy({ loop.trips(first, $0) > 0 }) else { return false }
      position = first
      return true
    }
    guard loop.advance(&current) else { return false }
    position = current
    return true
  }
}

/// Steady-state detection (after Lübeck et al.: a few iterations of a loop kernel stand for
/// all of them). For each loop level the machine is snapshotted at the start of its
/// iterations (from the second on: the first enters from the outer loop and differs); when
/// the state at the start of iteration i, relative to the clock, equals the state at the start
/// of iteration i − p for some period p ≤ `longestPeriod`, the machine repeats itself and the
/// middle iterations are skipped: the engine's clock and counters move ahead by what those p
/// iterations added, per p skipped. Whole periods and an even number of iterations are
/// skipped, so double-buffer halves stay in phase with the commands in flight, and the last
/// iteration of a loop is always simulated (it may be a partial tile).
struct SteadyState {
  /// The longest cycle of states looked for (rates in a ratio p/q repeat every q iterations).
  static let longestPeriod = 8
  var history: [[Engine.Snapshot]] = []
  /// Periodic stretches found (first and last snapshot), by level and the place of the outer
  /// loops' indices (first, middle, last: what a loop's content depends on — partial edge
  /// tiles are last, partial sums are read after the first reduction tile). A later iteration
  /// of that level in another outer iteration of the same kind that starts in the same state
  /// repeats the stretch without a new warm-up.
  var known: [[Int]: (from: Engine.Snapshot, to: Engine.Snapshot, period: Int)] = [:]

  mutating func iterationStarts(_ loop: CommandLoop, _ position: inout [Int], kernel: Int, engine: Engine) {
    let levels = loop.levels
    if history.count != levels.count { history = Array(repeating: [], count: levels.count) }
    for level in levels.indices where position[(level + 1)...].allSatisfy({ $0 == 0 }) {
      if position[level] == 0 { history[level] = [] }
      // Only iterations that could still start a skip of two or more are worth a snapshot.
      guard position[level] >= 1 else { continue }
      let trips = loop.trips(position, level)
      guard position[level] <= trips - 3 else { continue }
      history[level].append(engine.snapshot())
      if history[level].count > Self.longestPeriod + 1 { history[level].removeFirst() }
      let recent = history[level]
      guard let current = recent.last else { continue }
      let kind =
        [level]
        + (0..<level).map { outer in
          position[outer] == 0 ? 0 : position[outer] == loop.trips(position, outer) - 1 ? 2 : 1
        }
      var pattern: (from: Engine.Snapshot, to: Engine.Snapshot, period: Int)?
      if let seen = known[kind], Self.sameState(seen.to, current) || Self.sameState(seen.from, current) {
        pattern = seen
      } else if let period = (1..<recent.count).first(where: { Self.repeats(recent[recent.count - 1 - $0], current) }) {
        pattern = (recent[recent.count - 1 - period], current, period)
        known[kind] = pattern
      }
      guard let (from, to, period) = pattern else { continue }
      // Skip whole periods, and an even number of iterations (double-buffer halves alternate).
      let step = period % 2 == 0 ? period : 2 * period
      let remaining = trips - position[level] - 1
      let skipped = remaining - remaining % step
      guard skipped >= 2 else { continue }
      engine.skip(
        kernel: kernel, loop: levels[level].name, iterations: skipped / period, from: from, to: to,
        iterationsPerStep: period)
      position[level] += skipped
      for inner in level..<levels.count { history[inner] = [] }
      return
    }
  }

  /// Whether the machine at `b` is where it was at `a`, later and further along.
  static func repeats(_ a: Engine.Snapshot, _ b: Engine.Snapshot) -> Bool {
    b.time > a.time && b.commands > a.commands && sameState(a, b)
  }

  /// Equal state relative to the clock (times within 1e-6 relative).
  static func sameState(_ a: Engine.Snapshot, _ b: Engine.Snapshot) -> Bool {
    guard a.inFlight == b.inFlight, a.relative.count == b.relative.count else { return false }
    for (x, y) in zip(a.relative, b.relative) where abs(x - y) > 1e-6 * max(abs(x), 1) { return false }
    return true
  }
}
