import CostModel
import GraphIR
import HardwareModel

/// Places a kernel's tensors in the on-chip memory levels.
///
/// Each role (input, weight, output) goes to the first on-chip level that holds it, into that
/// role's region: the level's usable bytes (half of it when double buffered, the other half
/// holding the next tile) split evenly between the roles the level holds, accumulators
/// aside — the per-level split `AnalyticalModel.capacity(for:)` prices refetch with.
///
/// Within a region the tensors share the bytes by water-filling (max-min fairness): smallest
/// first, a tensor no larger than an equal share of what is left is resident whole; the rest
/// are streamed and split what is left evenly, each capped at one tile of it when the kernel
/// has a tiling. Buffers are then laid out in the kernel's tensor order from the region's start.
struct BufferAllocator {
  /// A tensor to place.
  struct Request {
    var name: String
    var role: TensorRole
    var bytes: Int
    /// Bytes one tile of the tensor occupies, when the kernel is tiled.
    var tileBytes: Int?
  }

  /// A role's region in a level.
  struct Region {
    var level: MemoryLevel
    var offsetBytes: Int
    var sizeBytes: Int
  }

  let accelerator: Accelerator

  /// The region `role` uses, or `nil` when no on-chip level holds it (the unit reads or
  /// writes DRAM directly).
  func region(for role: TensorRole) -> Region? {
    let operand: OperandRole =
      switch role {
      case .input: .inputs
      case .weight: .weights
      case .output: .outputs
      }
    guard let level = accelerator.memoryLevels.dropFirst().first(where: { $0.holds.contains(operand) }) else {
      return nil
    }
    let usable = Self.usableBytes(level)
    var sharers: [OperandRole] = []
    for held in level.holds where held != .accumulators && !sharers.contains(held) { sharers.append(held) }
    let share = usable / max(sharers.count, 1)
    let index = sharers.firstIndex(of: operand) ?? 0
    return Region(level: level, offsetBytes: index * share, sizeBytes: share)
  }

  /// Bytes of a level one kernel may address: half when double buffered.
  static func usableBytes(_ level: MemoryLevel) -> Int {
    level.doubleBuffered ? level.sizeBytes / 2 : level.sizeBytes
  }

  /// Buffers for `requests`, in their order; requests whose role has no on-chip level get none.
  func allocate(_ requests: [Request]) -> [Buffer] {
    var sizes = [(bytes: Int, streamed: Bool)](repeating: (0, false), count: requests.count)
    var regions: [TensorRole: Region] = [:]
    for role in TensorRole.allCases {
      guard let region = region(for: role) else { continue }
      regions[role] = region
      let members = requests.indices.filter { requests[$0].role == role }
      for (index, size) in zip(members, share(region.sizeBytes, among: members.map { requests[$0] })) {
        sizes[index] = size
      }
    }
    var next: [TensorRole: Int] = [:]
    var buffers: [Buffer] = []
    for (request, size) in zip(requests, sizes) {
      guard let region = regions[request.role] else { continue }
      let offset = next[request.role] ?? region.offsetBytes
      next[request.role] = saturatingAdd(offset, size.bytes)
      buffers.append(
        Buffer(
          tensor: request.name, role: request.role, level: region.level.name, offsetBytes: offset,
          sizeBytes: size.bytes, tensorBytes: request.bytes, streamed: size.streamed))
    }
    return buffers
  }

  /// Water-filling of `capacity` bytes among `requests` (see the type's comment).
  private func share(_ capacity: Int, among requests: [Request]) -> [(bytes: Int, streamed: Bool)] {
    var result = [(bytes: Int, streamed: Bool)](repeating: (0, false), count: requests.count)
    let order = requests.indices.sorted { (requests[$0].bytes, $0) < (requests[$1].bytes, $1) }
    var free = capacity
    for (position, index) in order.enumerated() {
      let fair = free / (order.count - position)
      if requests[index].bytes <= fair {
        result[index] = (requests[index].bytes, false)
        free -= requests[index].bytes
        continue
      }
      // Sorted ascending: every tensor from here on exceeds the same fair share.
      for rest in order[position...] {
        let tile = requests[rest].tileBytes ?? fair
        result[rest] = (max(min(fair, tile), 0), true)
      }
      break
    }
    return result
  }
}
