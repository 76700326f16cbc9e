// Simulator benchmark:
// `swift run -c release tessera-sim-bench [MODEL] [--target T] [--set path=value]... [--runs N] [--all]`.
//
// Compiles MODEL (default onnx-samples/resnet50.onnx) for the target (default gemmini) with
// its default pipeline, emits the command stream and simulates it with and without
// steady-state extrapolation: wall time (median of N), events per second, simulated and
// represented commands, the two results' difference, the speed-up and whether the extrapolated
// run meets the issue's 1 s goal. `--all` does every onnx-sample on every built-in target (one
// run each) and prints the largest difference.
// Developer knobs (environment): SIM_DUMP=N prints the first commands of N kernels,
// SIM_DEBUG=1 the kernels that simulate the most commands and any extrapolated/full mismatch
// (SIM_SPANS=KERNEL also lists that kernel's extrapolated spans), SIM_FAST_ONLY=1 skips the
// full simulation (for profiling).
import Compiler
import Foundation
import HardwareModel
import ONNXImport
import Scheduler
import Simulator

struct Options {
  var model = "onnx-samples/resnet50.onnx"
  var target = "gemmini"
  var runs = 5
  var all = false
  /// `--set path=value` target overrides (as `tessera --set`).
  var overrides: [String] = []

  init(_ arguments: [String]) {
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
      switch argument {
      case "--target": target = rest.popFirst() ?? target
      case "--runs": runs = rest.popFirst().flatMap { Int($0) } ?? runs
      case "--all": all = true
      case "--set": if let assignment = rest.popFirst() { overrides.append(assignment) }
      default: model = argument
      }
    }
  }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = ContinuousClock.now
  try body()
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func stream(_ model: String, _ target: String, overrides: [String] = []) throws -> (
  CommandStream, Accelerator, CompileResult
) {
  let accelerator = try BuiltinTargets.load(target, overrides: overrides)
  let graph = try ONNXImporter.importModel(at: model).graph
  var options = CompileOptions()
  options.recordWallTime = false
  let compiled = try Compilation.compile(graph, for: accelerator, options: options)
  return (
    try Compilation.commandStream(compiled),
    accelerator, compiled
  )
}

func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

let options = Options(CommandLine.arguments)
do {
  if options.all {
    let models = try FileManager.default.contentsOfDirectory(atPath: "onnx-samples").filter { $0.hasSuffix(".onnx") }
      .sorted()
    var worst = 0.0
    var worstPair = "-"
    for target in BuiltinTargets.names {
      for model in models {
        let (commands, accelerator, compiled) = try stream("onnx-samples/\(model)", target)
        var fast = SimulationResult?.none
        var full = SimulationResult?.none
        let fastSeconds = try seconds { fast = try Simulator.simulate(commands, on: accelerator) }
        let fullSeconds = try seconds {
          full = try Simulator.simulate(commands, on: accelerator, options: SimulationOptions(extrapolate: false))
        }
        guard let fast, let full else { continue }
        let error = abs(fast.totalCycles - full.totalCycles) / max(full.totalCycles, 1)
        if error >= worst {
          worst = error
          worstPair = "\(target) \(model)"
        }
        print(
          "\(target) \(model): analytical \(f(compiled.schedule.totalCycles, 0)) full \(f(full.totalCycles, 0)) "
            + "extrapolated \(f(fast.totalCycles, 0)) diff \(f(error * 100, 3)) % commands \(fast.simulatedCommands)/"
            + "\(full.simulatedCommands) wall \(f(fastSeconds * 1000)) / \(f(fullSeconds * 1000)) ms")
      }
    }
    print("largest difference \(f(worst * 100, 4)) % (\(worstPair)); goal <= 1 %")
  } else {
    let (commands, accelerator, compiled) = try stream(options.model, options.target, overrides: options.overrides)
    if let limit = ProcessInfo.processInfo.environment["SIM_DUMP"].flatMap({ Int($0) }) {
      var printed = 0
      for program in commands.kernels where printed < limit {
        print(
          "kernel \(program.kernel) \(program.name) levels \(program.loop?.levels.map { "\($0.name)=\($0.trips)" } ?? [])"
        )
        var all = program.prologue
        program.loop?.forEachPosition { all += program.loop?.body($0) ?? [] }
        all += program.epilogue
        for command in all.prefix(12) {
          print(
            "  \(command.kind) \(command.mnemonic) q=\(command.queue) u=\(command.unit) bytes=\(command.bytes) cycles=\(command.cycles) r=\(command.reads) w=\(command.writes)"
          )
        }
        printed += 1
      }
    }
    if ProcessInfo.processInfo.environment["SIM_DEBUG"] != nil {
      let fast = try Simulator.simulate(commands, on: accelerator)
      let full = try Simulator.simulate(commands, on: accelerator, options: SimulationOptions(extrapolate: false))
      for (a, b) in zip(fast.kernels, full.kernels)
      where a.representedCommands != b.representedCommands || abs(a.cycles - b.cycles) > 0.01 * b.cycles {
        print(
          a.name, a.representedCommands, b.representedCommands, a.cycles, b.cycles,
          commands.kernels[a.index].loop?.levels ?? [])
        for span in fast.extrapolated where span.kernel == a.index { print("   ", span) }
      }
      for a in fast.kernels.sorted(by: { $0.simulatedCommands > $1.simulatedCommands }).prefix(12) {
        let levels = commands.kernels[a.index].loop?.levels.map { "\($0.name)=\($0.trips)" } ?? []
        print(a.simulatedCommands, a.representedCommands, a.name, levels)
        if ProcessInfo.processInfo.environment["SIM_SPANS"] == a.name {
          for span in fast.extrapolated where span.kernel == a.index {
            print("   ", span.loop, span.iterations, span.commands, Int(span.startCycle))
          }
        }
      }
    }
    var measured: [(result: SimulationResult, wall: Double)] = []
    for extrapolate in ProcessInfo.processInfo.environment["SIM_FAST_ONLY"] == nil ? [true, false] : [true] {
      var result = SimulationResult?.none
      var walls: [Double] = []
      for _ in 0..<max(options.runs, 1) {
        walls.append(
          try seconds {
            result = try Simulator.simulate(
              commands, on: accelerator, options: SimulationOptions(extrapolate: extrapolate))
          })
      }
      let wall = walls.sorted()[walls.count / 2]
      guard let result else { continue }
      measured.append((result, wall))
      print(
        "\(extrapolate ? "extrapolated" : "full        "): \(f(result.totalCycles, 0)) cycles "
          + "(analytical \(f(compiled.schedule.totalCycles, 0))), wall \(f(wall * 1000, 2)) ms, "
          + "\(result.events) events = \(f(Double(result.events) / wall / 1e6, 2)) M events/s, commands simulated "
          + "\(result.simulatedCommands) of \(result.representedCommands)")
    }
    if let fast = measured.first?.result {
      // What the utilization timeline (HTML reports) costs: the full simulation with and without it.
      var plain = SimulationOptions(extrapolate: false)
      plain.recordTimeline = false
      var with: [Double] = []
      var without: [Double] = []
      for _ in 0..<max(options.runs, 1) {
        with.append(
          try seconds {
            _ = try Simulator.simulate(commands, on: accelerator, options: SimulationOptions(extrapolate: false))
          })
        without.append(try seconds { _ = try Simulator.simulate(commands, on: accelerator, options: plain) })
      }
      let (a, b) = (with.sorted()[with.count / 2], without.sorted()[without.count / 2])
      print(
        "utilization timeline: full simulation \(f(a * 1000, 2)) ms with, \(f(b * 1000, 2)) ms without (\(f((a / b - 1) * 100)) %)"
      )
      let units = fast.units.map { "\($0.name) \(f($0.busyCycles, 0))" }.joined(separator: ", ")
      print("unit busy cycles (extrapolated run): \(units); DRAM bytes \(fast.dramBytes)")
    }
    if measured.count == 2 {
      let (fast, full) = (measured[0], measured[1])
      let difference = abs(fast.result.totalCycles - full.result.totalCycles) / max(full.result.totalCycles, 1)
      let commandRatio = Double(fast.result.representedCommands) / Double(max(fast.result.simulatedCommands, 1))
      print(
        "speed-up: wall \(f(full.wall / max(fast.wall, 1e-9)))x, commands represented per simulated "
          + "\(f(commandRatio))x, extrapolated vs full \(f(difference * 100, 4)) % (goal <= 1 %), median of "
          + "\(max(options.runs, 1)) runs")
      print(
        "goal: extrapolated simulation under 1 s wall: \(fast.wall < 1 ? "met" : "NOT met") "
          + "(\(f(fast.wall * 1000, 2)) ms)")
    }
  }
} catch {
  print("error: \(error)")
  exit(1)
}
