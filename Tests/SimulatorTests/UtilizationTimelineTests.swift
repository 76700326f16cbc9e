import Testing

@testable import Simulator

/// Issue 21's unit timeline: busy time lands in the bins it covers, bins widen (merging
/// neighbours) as the run grows, and no busy cycle is lost or invented.
struct UtilizationTimelineTests {
  @Test func busyTimeLandsInItsBinsAndSurvivesWidening() {
    var timeline = UtilizationTimeline()
    timeline.add(unit: 0, cycles: 10, from: 0, to: 10)
    timeline.add(unit: 1, cycles: 5, from: 90, to: 95)
    #expect(timeline.binCycles == 1)
    #expect(timeline.utilization(unit: 0, totalCycles: 96).prefix(11) == [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
    // A command far later widens the bins: 1,000 cycles need 16-cycle bins (96 × 16 ≥ 1,000).
    timeline.add(unit: 0, cycles: 20, from: 980, to: 1000)
    #expect(timeline.binCycles == 16)
    #expect(timeline.busy[0].reduce(0, +) == 30 && timeline.busy[1].reduce(0, +) == 5)
    let unit0 = timeline.utilization(unit: 0, totalCycles: 1000)
    #expect(unit0.count == 63 && abs(unit0[0] - 10.0 / 16) < 1e-12)
    // The last bin covers 1000 − 62 × 16 = 8 cycles, all busy.
    #expect(unit0[62] == 1)
  }

  @Test func spreadBusyTimeIsEven() {
    var timeline = UtilizationTimeline()
    timeline.add(unit: 0, cycles: 48, from: 0, to: 96)
    #expect(timeline.utilization(unit: 0, totalCycles: 96).allSatisfy { $0 == 0.5 })
    timeline.add(unit: 0, cycles: 0, from: 5, to: 5)
    timeline.add(unit: 0, cycles: 3, from: .nan, to: 4)
    #expect(timeline.busy[0].reduce(0, +) == 48)
  }
}
