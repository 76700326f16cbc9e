import Foundation

/// What the compiler has decided for a node. Every field left `nil` is undecided, and the
/// timing model applies the default lowering for it (ARCHITECTURE.md, "Estimating an
/// unfinished graph"): the node is its own kernel, its tensors keep the model's NCHW layout,
/// it gets the default tiling, and it runs on the first unit able to.
public struct NodeSchedule: Hashable, Sendable, Codable {
  /// The fused kernel the node belongs to. Nodes of one kernel are contiguous in the graph.
  public var kernel: String?
  /// The compute unit chosen for the node (`hostUnit` when partitioned off the accelerator).
  public var unit: String?
  /// The memory layout of the node's outputs.
  public var layout: TensorLayout?
  /// The tiling of the kernel's contraction (set on the kernel's anchor node).
  public var tile: Tile?

  public init(kernel: String? = nil, unit: String? = nil, layout: TensorLayout? = nil, tile: Tile? = nil) {
    self.kernel = kernel
    self.unit = unit
    self.layout = layout
    self.tile = tile
  }

  /// The unit name of the host CPU, where `partition` puts what the accelerator cannot run.
  public static let hostUnit = "host"

  /// Partitioned off the accelerator.
  public var isOnHost: Bool { unit == Self.hostUnit }

  public var isEmpty: Bool { kernel == nil && unit == nil && layout == nil && tile == nil }

  /// The compact JSON the textual IR prints (sorted keys, undecided fields omitted).
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
  }
}

/// A contraction's tiling in its GEMM view (M output rows, N output columns, K reduction):
/// tile extents and the loop order of the tile loops, outermost first (`"mnk"`).
public struct Tile: Hashable, Sendable, Codable, CustomStringConvertible {
  public var m: Int
  public var n: Int
  public var k: Int
  public var order: String

  public init(m: Int, n: Int, k: Int, order: String) {
    self.m = m
    self.n = n
    self.k = k
    self.order = order
  }

  public static let orders = ["mnk", "mkn", "nmk", "nkm", "kmn", "knm"]

  public var description: String { "\(m)x\(n)x\(k) \(order)" }

  /// Problems with the tile, or `nil` when it is well formed.
  public var problem: String? {
    guard m > 0, n > 0, k > 0 else { return "tile extents must be positive, got \(description)" }
    guard Tile.orders.contains(order) else {
      return "tile loop order must be one of \(Tile.orders.joined(separator: ", ")), got '\(order)'"
    }
    return nil
  }
}
