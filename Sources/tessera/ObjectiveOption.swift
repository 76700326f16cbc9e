import ArgumentParser
import Compiler
import CostModel

extension Objective: ExpressibleByArgument {}

/// `--objective`: what the passes that choose (tile, fuse, layout) minimize.
struct ObjectiveOption: ParsableArguments {
  @Option(help: "What tile, fuse and layout minimize: latency, energy or edp (energy × delay).")
  var objective: Objective = .latency
}
