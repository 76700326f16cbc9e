import CostModel
import GraphIR

/// The DMA transfers of one kernel, adding up to the DRAM bytes its timing model charged.
///
/// Every input and weight is loaded once from DRAM into its buffer and every output stored
/// once from its buffer (or straight between DRAM and the unit when no on-chip level holds
/// that role, as on the host). The timing model may charge more than one pass over the
/// tensors (refetch when operands do not fit their buffers, NVDLA's channel alignment) or
/// less (NVDLA's layer model writes outputs at the kernel's element type, narrower than an
/// int32 graph tensor). The difference is apportioned so the transfers sum to the model's
/// figure exactly; see `refetches` and `shrink`.
enum TransferPlanner {
  /// A tensor crossing the kernel boundary, with where it sits on chip.
  struct Endpoint {
    var tensor: String
    var role: TensorRole
    var bytes: Int
    /// The level or unit the tensor is moved to (loads) or from (stores).
    var onChip: String
    var streamed: Bool
  }

  /// - Parameters:
  ///   - endpoints: The kernel's tensors in order: inputs, weights, outputs.
  ///   - dramLevel: The outermost memory level's name.
  ///   - dramBytes: Bytes the timing model moved to and from DRAM for the kernel.
  ///   - unit: The unit that runs the kernel.
  static func transfers(_ endpoints: [Endpoint], dramLevel: String, dramBytes: Int, unit: String) -> [Transfer] {
    guard dramBytes > 0 else { return [] }
    var transfers = endpoints.map { endpoint in
      endpoint.role == .output
        ? Transfer(
          direction: .store, tensor: endpoint.tensor, from: endpoint.onChip, to: dramLevel, bytes: endpoint.bytes)
        : Transfer(
          direction: .load, tensor: endpoint.tensor, from: dramLevel, to: endpoint.onChip, bytes: endpoint.bytes)
    }
    let once = transfers.reduce(0) { saturatingAdd($0, $1.bytes) }
    if dramBytes < once {
      shrink(&transfers, by: once - dramBytes)
    } else if dramBytes > once {
      guard !endpoints.isEmpty else {
        // No tensor crosses the boundary, yet the model moved bytes: keep them visible.
        return [Transfer(direction: .load, tensor: "", from: dramLevel, to: unit, bytes: dramBytes)]
      }
      transfers += refetches(endpoints, transfers, extra: dramBytes - once)
    }
    return transfers
  }

  /// Loads for `extra` bytes beyond one pass. The analytical model re-reads all operands of
  /// one role (inputs, or else weights) a whole number of times when neither fits on chip, so
  /// when the extra is a multiple of a role's bytes and that role streams, its tensors are
  /// loaded that many times more. Otherwise the extra is apportioned over the streamed loads
  /// (all loads when none streams, the stores when there are no loads).
  private static func refetches(_ endpoints: [Endpoint], _ transfers: [Transfer], extra: Int) -> [Transfer] {
    func again(_ index: Int, _ bytes: Int) -> Transfer? {
      guard bytes > 0 else { return nil }
      var transfer = transfers[index]
      transfer.bytes = bytes
      return transfer
    }
    let loads = endpoints.indices.filter { endpoints[$0].role != .output }
    for role in [TensorRole.input, .weight] {
      let members = loads.filter { endpoints[$0].role == role }
      let bytes = members.reduce(0) { saturatingAdd($0, endpoints[$1].bytes) }
      if bytes > 0, extra % bytes == 0, members.contains(where: { endpoints[$0].streamed }) {
        // Each member's share is at most `extra`: no overflow.
        return members.compactMap { again($0, endpoints[$0].bytes * (extra / bytes)) }
      }
    }
    let streamed = loads.filter { endpoints[$0].streamed }
    let refetched = !streamed.isEmpty ? streamed : !loads.isEmpty ? loads : Array(endpoints.indices)
    return zip(refetched, apportion(extra, by: refetched.map { endpoints[$0].bytes })).compactMap(again)
  }

  /// Takes `shortfall` bytes off the stores first (the model wrote outputs narrower than the
  /// graph's tensors), then off the loads, proportionally within each.
  private static func shrink(_ transfers: inout [Transfer], by shortfall: Int) {
    var left = shortfall
    for direction in [Transfer.Direction.store, .load] where left > 0 {
      let members = transfers.indices.filter { transfers[$0].direction == direction }
      let cut = min(left, members.reduce(0) { saturatingAdd($0, transfers[$1].bytes) })
      for (index, bytes) in zip(members, apportion(cut, by: members.map { transfers[$0].bytes })) {
        transfers[index].bytes -= min(bytes, transfers[index].bytes)
      }
      left -= cut
    }
  }

  /// Splits `total` into non-negative integers proportional to `weights` that sum to `total`
  /// exactly (largest remainder; equal parts when every weight is zero; zeros when `total`
  /// is not positive).
  static func apportion(_ total: Int, by weights: [Int]) -> [Int] {
    guard total > 0 else { return weights.map { _ in 0 } }
    let positive = weights.map { max($0, 0) }
    let sum = positive.reduce(0.0) { $0 + Double($1) }
    let quotas = positive.map { sum > 0 ? Double($0) / sum * Double(total) : Double(total) / Double(weights.count) }
    // Floors, clamped so the running sum never passes `total` (Double rounding of huge values).
    var parts: [Int] = []
    var assigned = 0
    for quota in quotas {
      let part = min(max(saturatingInt(quota.rounded(.down)), 0), total - assigned)
      parts.append(part)
      assigned += part
    }
    var missing = total - assigned
    let each = missing / parts.count
    for index in parts.indices { parts[index] += each }
    missing -= each * parts.count
    // Largest fractional part first, then the earlier tensor: deterministic.
    let order = quotas.indices.sorted {
      (quotas[$0] - quotas[$0].rounded(.down), -$0) > (quotas[$1] - quotas[$1].rounded(.down), -$1)
    }
    for index in order.prefix(missing) { parts[index] += 1 }
    return parts
  }
}
