import GraphIR

/// A modeled accelerator: its clock, compute units, memory hierarchy and fixed overheads.
///
/// Loaded from a target YAML file (`AcceleratorLoader`), written back by `AcceleratorWriter`.
/// Every quantity carries its unit in its name; nothing unspecified is silently zero.
public struct Accelerator: Hashable, Sendable {
  public var name: String
  public var summary: String
  public var clockMHz: Double
  public var computeUnits: [ComputeUnit]
  public var memoryLevels: [MemoryLevel]
  public var overheads: Overheads
  /// What only the event-driven simulator reads (queues, DMA engines, command family).
  public var simulation: SimulationSettings
  /// Values `tessera calibrate` may fit, sorted by path.
  public var freeParameters: [FreeParameter] = []
  /// The process node (nm) energy and area are given for (`technology_nm`; default 45).
  public var technologyNm: Double = 45
  /// The `energy:` section as written (`energyTable` resolves it).
  public var energy = EnergySpec()
  /// The `area:` section as written (`areaBreakdown` sums it).
  public var area = AreaSpec()

  public init(
    name: String, summary: String, clockMHz: Double, computeUnits: [ComputeUnit], memoryLevels: [MemoryLevel],
    overheads: Overheads, simulation: SimulationSettings = SimulationSettings()
  ) {
    self.name = name
    self.summary = summary
    self.clockMHz = clockMHz
    self.computeUnits = computeUnits
    self.memoryLevels = memoryLevels
    self.overheads = overheads
    self.simulation = simulation
  }
}

/// Element types a compute unit may support, by their short names in target files.
public enum ElementType: String, CaseIterable, Hashable, Sendable, Codable {
  case int4, int8, int16, int32, fp8, fp16, bf16, fp32

  /// Bytes an element occupies in memory (int4 rounds up to a byte).
  public var byteWidth: Int {
    switch self {
    case .int4, .int8, .fp8: 1
    case .int16, .fp16, .bf16: 2
    case .int32, .fp32: 4
    }
  }
}

/// One compute resource of an accelerator.
public struct ComputeUnit: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    case systolic(SystolicUnit)
    case macCells(MACCellUnit)
    case rowStationary(RowStationaryUnit)
    case vector(VectorUnit)
    case host(HostUnit)
  }

  public var name: String
  public var kind: Kind

  public init(name: String, kind: Kind) {
    self.name = name
    self.kind = kind
  }
}

/// An Eyeriss-style array of PEs with private scratchpads running the row-stationary
/// dataflow (Chen et al., ISCA 2016; JSSC 2017): each PE convolves one filter row with one
/// ifmap row; a PE set of R filter rows × E output rows computes a 2-D convolution.
public struct RowStationaryUnit: Hashable, Sendable {
  public var rows: Int
  public var cols: Int
  /// Scratchpad capacities per PE, in words: filter weights, an ifmap sliding window, psums.
  public var filterSpadWords: Int
  public var ifmapSpadWords: Int
  public var psumSpadWords: Int
  /// MACs per PE per cycle for each supported element type.
  public var macsPerPEPerCycle: [ElementType: Double]
  /// The feature-map layout the array reads and writes (`nil`: NCHW).
  public var layout: TensorLayout?
  /// How ifmaps and ofmaps are coded to and from DRAM (`nil`: uncoded).
  public var runLengthCoding: RunLengthCoding?

  public init(
    rows: Int, cols: Int, filterSpadWords: Int, ifmapSpadWords: Int, psumSpadWords: Int,
    macsPerPEPerCycle: [ElementType: Double], layout: TensorLayout? = nil, runLengthCoding: RunLengthCoding? = nil
  ) {
    self.runLengthCoding = runLengthCoding
    (self.rows, self.cols) = (rows, cols)
    (self.filterSpadWords, self.ifmapSpadWords, self.psumSpadWords) = (filterSpadWords, ifmapSpadWords, psumSpadWords)
    self.macsPerPEPerCycle = macsPerPEPerCycle
    self.layout = layout
  }
}

/// A rows × cols systolic array (SCALE-Sim's model).
public struct SystolicUnit: Hashable, Sendable {
  public var rows: Int
  public var cols: Int
  /// Dataflows the array supports; the first is the default.
  public var dataflows: [Dataflow]
  /// MACs per PE per cycle for each supported element type.
  public var macsPerPEPerCycle: [ElementType: Double]
  public var accumulatorBits: Int
  /// Extra cycles to fill and drain the pipeline per tile, beyond the fold model's skew.
  public var fillDrainCycles: Int
  /// The feature-map layout the array's convolutions read and write (`nil`: no preference,
  /// the model's NCHW).
  public var layout: TensorLayout?
}

/// NVDLA-style MAC cells: atomic-C input channels × atomic-K output channels per cycle.
public struct MACCellUnit: Hashable, Sendable {
  public var atomicC: Int
  public var atomicK: Int
  /// MACs per cycle for each supported element type.
  public var macsPerCycle: [ElementType: Int]
  public var winograd: Bool
  /// Output channels are padded to this multiple when counting MAC cycles.
  public var outputChannelAlignment: Int
  /// Input channels are padded to this multiple (after stride folding); the atomic-C unless
  /// the target file says otherwise.
  public var inputChannelAlignment: Int
  /// How the convolution buffer splits between a resident operand and a streamed one.
  public var bufferModel: NVDLAConfiguration.BufferModel
  /// The feature-map layout the convolution core reads and writes (`nil`: NCHW).
  public var layout: TensorLayout?
}

/// A vector or post-processing unit (activations, pooling, elementwise).
public struct VectorUnit: Hashable, Sendable {
  public var lanes: Int
  public var opsPerLanePerCycle: Double
  /// ONNX-style op names it runs (`relu`, `add`, `maxPool`, …).
  public var ops: [String]
}

/// The host CPU that runs what the accelerator cannot.
public struct HostUnit: Hashable, Sendable {
  public var opsPerSecond: Double
  /// The host↔accelerator link (a PCIe bus), or `nil` when host and accelerator share DRAM
  /// and tensors need no transfer.
  public var link: Link?
  /// The CPU's roofs (`nil`: `opsPerSecond` scalar operations, whatever the kernel).
  public var cpu: CPUModel?

  /// A transfer link: tensors crossing it take bytes ÷ `bytesPerCycle` plus `latencyCycles`
  /// (accelerator cycles) per transfer.
  public struct Link: Hashable, Sendable {
    public var bytesPerCycle: Double
    public var latencyCycles: Int

    public init(bytesPerCycle: Double, latencyCycles: Int) {
      self.bytesPerCycle = bytesPerCycle
      self.latencyCycles = latencyCycles
    }
  }
}

/// Tensor roles a memory level can hold.
public enum OperandRole: String, CaseIterable, Hashable, Sendable {
  case inputs, weights, outputs, accumulators
}

/// One level of the memory hierarchy, outermost (DRAM) first in a target file.
public struct MemoryLevel: Hashable, Sendable {
  public var name: String
  public var sizeBytes: Int
  public var readBytesPerCycle: Double
  public var writeBytesPerCycle: Double
  /// Reads and writes share one bandwidth (`bandwidth_bytes_per_cycle`) instead of separate ones.
  public var sharedBandwidth: Bool
  public var latencyCycles: Int
  public var doubleBuffered: Bool
  public var holds: [OperandRole]
}

/// Fixed costs the hardware or its driver adds.
public struct Overheads: Hashable, Sendable {
  /// Cycles to launch one kernel (program a layer, configure the array).
  public var kernelCycles: Int
  /// Cycles to issue one command (DMA, compute instruction).
  public var commandCycles: Int
}
