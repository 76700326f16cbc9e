/// Which operand stays in the processing elements of a systolic array while the others stream.
public enum Dataflow: String, CaseIterable, Codable, Sendable {
  /// Output stationary: each PE accumulates one output.
  case outputStationary = "os"
  /// Weight stationary: each PE holds one weight.
  case weightStationary = "ws"
  /// Input stationary: each PE holds one input-window element.
  case inputStationary = "is"
}

/// A rows × cols grid of multiply-accumulate PEs with its operand SRAMs.
public struct SystolicArray: Hashable, Codable, Sendable {
  public var rows: Int
  public var cols: Int
  public var dataflow: Dataflow
  public var ifmapSRAMBytes: Int
  public var filterSRAMBytes: Int
  public var ofmapSRAMBytes: Int
  /// DRAM interface width in words per cycle.
  public var dramWordsPerCycle: Double

  public init(
    rows: Int, cols: Int, dataflow: Dataflow, ifmapSRAMBytes: Int, filterSRAMBytes: Int, ofmapSRAMBytes: Int,
    dramWordsPerCycle: Double
  ) {
    self.rows = rows
    self.cols = cols
    self.dataflow = dataflow
    self.ifmapSRAMBytes = ifmapSRAMBytes
    self.filterSRAMBytes = filterSRAMBytes
    self.ofmapSRAMBytes = ofmapSRAMBytes
    self.dramWordsPerCycle = dramWordsPerCycle
  }

  public var peCount: Int { rows * cols }
}
