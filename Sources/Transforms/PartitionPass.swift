import CostModel
import GraphIR
import HardwareModel
import PassKit

/// `partition`: places what the target cannot run on the host, and makes each run of
/// consecutive host kernels one host kernel so only its boundary tensors cross to the host.
///
/// On Gemmini (int8 only), before:
/// ```
/// node "sm" = softmax(%x) -> (%s: f32[1,10]) {"axis":1,…}
/// node "lg" = log(%s) -> (%y: f32[1,10])
/// ```
/// After:
/// ```
/// node "sm" = softmax(%x) -> (%s: f32[1,10]) {"axis":1,…}
/// schedule {"kernel":"host.sm","unit":"host"}
/// node "lg" = log(%s) -> (%y: f32[1,10])
/// schedule {"kernel":"host.sm","unit":"host"}
/// ```
public struct PartitionPass: CompilerPass {
  public static let name = "partition"
  public static let summary = "Put what the target cannot run on the host; group consecutive host kernels."
  public static let description = """
    Asks the timing model which unit runs each kernel; a kernel no accelerator unit can run
    (its dtype, its ops, or a window larger than its buffers) gets schedule.unit = host. A run
    of consecutive host kernels, with relabelling ops (reshape, flatten, …) between them,
    becomes one host kernel (one schedule.kernel label): its intermediate tensors stay on the
    host and only the tensors entering and leaving it cross the host link (the host unit's
    link_bytes_per_cycle; none when host and accelerator share DRAM). The host runs a kernel's
    ops one after another, so grouping never costs more; if the estimate would still grow,
    the graph is left as it was.
    """
  public static let statistics = [
    PassStatistic("nodes-on-host", "nodes the target cannot run, placed on the host"),
    PassStatistic("host-kernels", "kernels on the host"),
    PassStatistic("transfer-bytes", "bytes crossing the host link"),
  ]

  private let target: CompilationTarget

  public init(options: PassOptions, target: CompilationTarget) { self.target = target }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    let ranges = KernelLowering.nodeRanges(graph)
    let kernels = KernelLowering.kernels(graph)
    let placement = kernels.map(place)
    var partitioned = graph
    var labels = Set(graph.nodes.compactMap(\.schedule.kernel))
    for run in hostRuns(placement) {
      let nodes = ranges[run.lowerBound].lowerBound..<ranges[run.upperBound - 1].upperBound
      let label = run.count > 1 ? labels.claimUnique("host.\(graph.nodes[nodes.lowerBound].name)") : nil
      for index in nodes {
        partitioned.nodes[index].schedule.unit = NodeSchedule.hostUnit
        if let label { partitioned.nodes[index].schedule.kernel = label }
      }
    }
    // A graph the target cannot run at all (before) is priced infinite: anything runnable beats it.
    let before = (try? target.cycles(graph)) ?? .infinity
    guard let after = try? target.cycles(partitioned), after <= before else { return statistics(graph) }
    graph = partitioned
    return statistics(graph)
  }

  /// Where a kernel runs: on the host, on the accelerator, or nowhere in particular (it only
  /// relabels data, so it can join a host kernel around it).
  private enum Placement { case host, accelerator, relabel }

  private func place(_ kernel: Kernel) -> Placement {
    if kernel.work == .free { return .relabel }
    // A kernel the target cannot run at all (its window exceeds the buffers) goes to the host.
    guard let cost = try? target.model.cost(kernel) else { return .host }
    return cost.placement == .host ? .host : .accelerator
  }

  /// Maximal runs of kernel indices that start and end on the host with only host and
  /// relabelling kernels between.
  private func hostRuns(_ placement: [Placement]) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var start: Int?
    var lastHost = 0
    for (index, place) in placement.enumerated() {
      switch place {
      case .host:
        if start == nil { start = index }
        lastHost = index
      case .relabel:
        continue
      case .accelerator:
        if let first = start { runs.append(first..<lastHost + 1) }
        start = nil
      }
    }
    if let first = start { runs.append(first..<lastHost + 1) }
    return runs
  }

  /// Nodes on the host, host kernels, and the bytes host kernels move over the link (zero
  /// when the target has none).
  private func statistics(_ graph: Graph) -> PassStatistics {
    let hostKernels = KernelLowering.kernels(graph).filter { $0.placement == .host }
    let hasLink = target.accelerator.computeUnits.contains {
      if case .host(let host) = $0.kind { return host.link != nil }
      return false
    }
    let bytes = hasLink ? hostKernels.reduce(0) { saturatingAdd($0, saturatingAdd($1.inputBytes, $1.outputBytes)) } : 0
    return [
      ("nodes-on-host", graph.nodes.filter { $0.schedule.isOnHost }.count), ("host-kernels", hostKernels.count),
      ("transfer-bytes", bytes),
    ]
  }
}
