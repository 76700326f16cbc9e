import CostModel
import GraphIR
import PassKit

/// `layout`: gives every kernel the feature-map layout its unit wants, with explicit
/// relayouts where a producer and a consumer disagree.
///
/// On Gemmini (NHWC convolutions), before:
/// ```
/// node "conv" = qLinearConv(%x, …) -> (%c: i8[1,16,8,8]) {…}
/// node "relu" = relu(%c) -> (%r: i8[1,16,8,8])
/// node "flat" = flatten(%r) -> (%f: i8[1,1024]) {"axis":1}
/// ```
/// After:
/// ```
/// node "conv" = qLinearConv(%x, …) -> (%c: i8[1,16,8,8]) {…}
/// schedule {"layout":"NHWC"}
/// node "relu" = relu(%c) -> (%r: i8[1,16,8,8])
/// schedule {"layout":"NHWC"}
/// node "relayout.r.NCHW" = relayout(%r) -> (%r.NCHW: i8[1,16,8,8]) {"from":"NHWC","to":"NCHW"}
/// schedule {"layout":"NCHW"}
/// node "flat" = flatten(%r.NCHW) -> (%f: i8[1,1024]) {"axis":1}
/// schedule {"layout":"NCHW"}
/// ```
public struct LayoutPass: CompilerPass {
  public static let name = "layout"
  public static let summary = "Lay out each kernel as its unit wants; insert and fold relayouts."
  public static let description = """
    Sets every node's schedule.layout. A convolution's kernel takes the layout of the unit that
    runs it (the target's `layout` key: NHWC on Gemmini, NCHWc32 on NVDLA; NCHW on the host);
    a kernel of agnostic ops (elementwise, activations, pooling, spatial reductions,
    per-channel normalization, padding, channel concatenation, Q/DQ) adopts its producer's
    layout; a kernel with an op that reads the logical order (reshape, flatten, transpose,
    softmax, gather, matrix products, …) needs NCHW, unless its tensors are stored alike in
    every layout (H and W of 1, or one channel). Where a value's layout is not the one its reader needs, a `relayout` node (a DRAM
    read and write of the tensor) converts it; chains of relayouts are folded (A→B→C becomes
    A→C, A→B→A disappears). Graph inputs arrive in the layout their first reader wants and
    outputs leave in their producer's: the runtime exchanges tensors in the accelerator's
    format. If converting at the boundaries costs more than the default lowering's per-kernel
    conversions, every kernel is set to NCHW instead, so the estimate never increases.
    """
  public static let statistics = [
    PassStatistic("relayouts-inserted", "layout changes between kernels"),
    PassStatistic("relayouts-folded", "layout changes absorbed by a neighbouring kernel"),
    PassStatistic("nodes-laid-out", "nodes given a layout"),
  ]

  private let target: CompilationTarget

  public init(options: PassOptions, target: CompilationTarget) { self.target = target }

  public func run(on graph: inout Graph) throws(IRError) -> PassStatistics {
    let preferred = LayoutAssignment(graph, model: target.model, modelOrderOnly: false)
    let modelOrder = LayoutAssignment(graph, model: target.model, modelOrderOnly: true)
    let before = cycles(graph)
    let candidates = [preferred, modelOrder].map { ($0, cycles($0.graph)) }.filter { $0.1 <= before }
    guard let choice = candidates.min(by: { $0.1 < $1.1 })?.0 else { return statistics(nil) }
    graph = choice.graph
    return statistics(choice)
  }

  /// The objective's estimate (cycles by default), infinite when the target cannot run the
  /// graph at all.
  private func cycles(_ graph: Graph) -> Double {
    (try? target.score(graph)) ?? .infinity
  }

  private func statistics(_ choice: LayoutAssignment?) -> PassStatistics {
    [
      ("relayouts-inserted", choice?.relayoutsInserted ?? 0), ("relayouts-folded", choice?.relayoutsFolded ?? 0),
      ("nodes-laid-out", choice?.nodesLaidOut ?? 0),
    ]
  }
}
