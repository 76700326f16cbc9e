import Testing

@testable import Scheduler

/// DMA transfers add up to the timing model's DRAM bytes whatever it charged.
struct TransferPlannerTests {
  static let endpoints = [
    TransferPlanner.Endpoint(tensor: "x", role: .input, bytes: 1000, onChip: "sram", streamed: true),
    TransferPlanner.Endpoint(tensor: "w", role: .weight, bytes: 300, onChip: "sram", streamed: false),
    TransferPlanner.Endpoint(tensor: "y", role: .output, bytes: 500, onChip: "acc", streamed: false),
  ]

  @Test func onePassMovesEveryTensorOnce() {
    let transfers = TransferPlanner.transfers(Self.endpoints, dramLevel: "dram", dramBytes: 1800, unit: "pe")
    #expect(
      transfers == [
        Transfer(direction: .load, tensor: "x", from: "dram", to: "sram", bytes: 1000),
        Transfer(direction: .load, tensor: "w", from: "dram", to: "sram", bytes: 300),
        Transfer(direction: .store, tensor: "y", from: "acc", to: "dram", bytes: 500),
      ])
  }

  @Test func extraTrafficThatIsWholeRereadsOfTheStreamedInputsReloadsThem() {
    let transfers = TransferPlanner.transfers(Self.endpoints, dramLevel: "dram", dramBytes: 3800, unit: "pe")
    #expect(transfers.count == 4)
    #expect(transfers.last == Transfer(direction: .load, tensor: "x", from: "dram", to: "sram", bytes: 2000))
  }

  @Test func otherExtraTrafficIsSpreadOverTheStreamedLoads() {
    var endpoints = Self.endpoints
    endpoints[1].streamed = true
    let transfers = TransferPlanner.transfers(endpoints, dramLevel: "dram", dramBytes: 1800 + 1301, unit: "pe")
    #expect(transfers.dropFirst(3).map(\.tensor) == ["x", "w"])
    #expect(transfers.dropFirst(3).map(\.bytes) == [1001, 300])
  }

  @Test func extraTrafficWithNothingStreamedIsSpreadOverTheLoads() {
    let resident = Self.endpoints.map {
      var e = $0; e.streamed = false; return e
    }
    let transfers = TransferPlanner.transfers(resident, dramLevel: "dram", dramBytes: 1813, unit: "pe")
    #expect(transfers.dropFirst(3).map(\.tensor) == ["x", "w"])
    #expect(transfers.dropFirst(3).map(\.bytes) == [10, 3])
  }

  @Test func aShortfallComesOffTheStoresFirst() {
    let narrower = TransferPlanner.transfers(Self.endpoints, dramLevel: "dram", dramBytes: 1425, unit: "pe")
    #expect(narrower.map(\.bytes) == [1000, 300, 125])
    let less = TransferPlanner.transfers(Self.endpoints, dramLevel: "dram", dramBytes: 650, unit: "pe")
    #expect(less.map(\.bytes) == [500, 150, 0])
  }

  @Test func noDRAMTrafficNoTransfers() {
    #expect(TransferPlanner.transfers(Self.endpoints, dramLevel: "dram", dramBytes: 0, unit: "pe").isEmpty)
  }

  @Test(arguments: [
    (7, [1, 1, 1]), (100, [0, 0]), (5, [3]), (-4, [1, 2]), (Int.max, [Int.max, 1, Int.max / 3]), (1, [5, 5, 5]),
    (0, [4, 2]),
  ])
  func apportionSumsExactly(_ total: Int, _ weights: [Int]) {
    let parts = TransferPlanner.apportion(total, by: weights)
    #expect(parts.count == weights.count)
    #expect(parts.allSatisfy { $0 >= 0 })
    #expect(parts.reduce(0, &+) == max(total, 0))
  }

  @Test func apportionIsProportionalAndBreaksTiesByOrder() {
    #expect(TransferPlanner.apportion(7, by: [1, 1, 1]) == [3, 2, 2])
    #expect(TransferPlanner.apportion(10, by: [1, 4]) == [2, 8])
  }
}
