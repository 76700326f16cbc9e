import CostModel
import GraphIR
import PassKit

/// `tile`: for each contraction kernel on a systolic array, searches tile extents and loop
/// orders under the on-chip capacities and records the fastest in the anchor's schedule.
///
/// Before:
/// ```
/// node "fc" = matMulInteger(%a, %b) -> (%z: i32[1024,1024])
/// ```
/// After (gemmini: 64 KiB of scratchpad per operand, 32 KiB of int32 accumulator):
/// ```
/// node "fc" = matMulInteger(%a, %b) -> (%z: i32[1024,1024])
/// schedule {"tile":{"k":512,"m":128,"n":64,"order":"mkn"}}
/// ```
public struct TilePass: CompilerPass {
  public static let name = "tile"
  public static let summary = "Choose each contraction's tile sizes and loop order by the timing model."
  public static let description = """
    For every kernel whose contraction runs on a systolic array, enumerates tiles (M, N, K
    extents: multiples of the array side covering each dimension in 1, 2, 3, 4, 6, 8, … trips,
    and the whole extent) in all six loop orders, keeps those whose operand tiles fit the
    on-chip buffers (double buffering halves a level), prices each with the timing model's
    loop-nest traffic and records the fastest on the kernel's first contraction node. A tile
    is recorded only when it is at least as fast as the default tiling heuristic. A tile
    already in the IR is kept and checked: one that cannot fit is an error. On NVDLA-style
    MAC cells the layer model decides buffer residency itself, so nothing is recorded there.
    Kernels identical but for their name (repeated layers) are searched once.
    """
  public static let options: [PassOption] = [
    .choice(
      "search", default: "exhaustive", from: TileSearchStrategy.allCases.map(\.rawValue),
      help: "exhaustive: every fitting candidate; greedy: shrink until it fits, then local moves"),
    .integer(
      "max-candidates", default: 4096, in: 0...1_000_000, help: "most candidates priced per kernel (0: tile nothing)"),
  ]
  public static let statistics = [
    PassStatistic("kernels-tiled", "kernels given a tile by the search"),
    PassStatistic("candidates-evaluated", "tiles priced by the timing model"),
    PassStatistic("kernels-fixed-by-target", "kernels whose unit decides its own tiling"),
  ]

  let target: CompilationTarget
  let search: TileSearchStrategy
  let maxCandidates: Int

  public init(options: PassOptions, target: CompilationTarget) {
    self.target = target
    search = options.choice("search", as: TileSearchStrategy.self) ?? .exhaustive
    maxCandidates = options.integer("max-candidates")
  }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    let kernels = KernelLowering.kernels(graph)
    var tiled = 0
    var evaluated = 0
    var fixedByTarget = 0
    var searched: [Kernel: TileSearchResult?] = [:]
    for (kernel, range) in zip(kernels, KernelLowering.nodeRanges(graph)) {
      guard let anchor = KernelLowering.anchor(of: range, in: graph) else { continue }
      let node = graph.nodes[anchor].name
      switch target.model.tileSupport(for: kernel) {
      case .none: continue
      case .fixedByTarget: fixedByTarget += 1
      case .array:
        do {
          if kernel.tile != nil {
            // A decision already made: keep it, but it must fit.
            _ = try target.model.cost(kernel)
            continue
          }
          // Networks repeat layers: a kernel like one already searched gets the same answer.
          var shape = kernel
          shape.name = ""
          let result: TileSearchResult?
          if let known = searched[shape] {
            result = known
          } else {
            result = try target.model.bestTile(
              for: kernel, search: search, maxCandidates: maxCandidates, objective: target.objective)
            searched[shape] = result
            evaluated += result?.candidatesEvaluated ?? 0
          }
          guard let result else { continue }
          if result.meetsDefault, let tile = result.tile {
            graph.nodes[anchor].schedule.tile = tile
            tiled += 1
          }
        } catch {
          throw IRError(kernel.name == node ? error.message : error.description, node: node)
        }
      }
    }
    return [("kernels-tiled", tiled), ("candidates-evaluated", evaluated), ("kernels-fixed-by-target", fixedByTarget)]
  }
}
