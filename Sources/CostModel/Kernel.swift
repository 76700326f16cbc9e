import GraphIR
import HardwareModel

/// A unit of work the accelerator runs in one launch: one op under the default lowering,
/// several once fusion exists. The cost model sees loop bounds and bytes, not framework ops.
public struct Kernel: Hashable, Sendable {
  public enum Work: Hashable, Sendable {
    /// A convolution: its loop nest (GEMM view per group: `nest.gemm`, `nest.groups` times).
    case convolution(ConvolutionNest)
    /// A matrix product, `batch` independent GEMMs.
    case matrix(GEMMShape, batch: Int)
    /// `operations` scalar operations of one kind (elementwise, pooling window reads, reductions).
    case vector(operations: Int)
    /// Only moves data (transpose, concat, pad, slice, gather): costs memory traffic.
    case movement
    /// Relabels data without moving it (reshape, flatten, squeeze, identity).
    case free
  }

  /// An op fused behind a contraction, run as a pipeline stage on a vector unit over the
  /// contraction's output stream (`elements` values pass through it).
  public struct FusedStage: Hashable, Sendable, Codable {
    public var op: String
    public var elements: Int
    public init(op: String, elements: Int) {
      self.op = op
      self.elements = elements
    }
  }

  public var name: String
  /// Op names (the textual IR's), in execution order.
  public var ops: [String]
  /// The ops a vector unit must run when the kernel is not a contraction: its ops less the
  /// pass-through ones (relabelling, requantization), and less type conversions unless the
  /// kernel does nothing else.
  public var vectorOps: [String]
  public var work: Work
  public var elementType: ElementType
  public var inputBytes: Int
  public var weightBytes: Int
  public var outputBytes: Int
  /// Ops fused behind the contraction (empty for an unfused kernel).
  public var fusedStages: [FusedStage] = []
  /// The chosen tiling (`nil`: the default heuristic).
  public var tile: Tile?
  /// Where the compiler placed the kernel (`nil`: the first able unit).
  public var placement: Placement?
  /// The feature-map layout the compiler chose for the kernel's contraction (`nil`: the
  /// model's NCHW, the default lowering).
  public var layout: TensorLayout?
  /// Bytes of the kernel's boundary activations (inputs and outputs, not weights) whose order
  /// in memory depends on the layout (`TensorLayout.orderMatters`): what a layout conversion
  /// of the kernel's operands reads and writes.
  public var layoutDependentBytes: Int = 0
  /// Scalar operations of all the kernel's nodes run one after another on the host (a MAC
  /// counts two): its work when the compiler placed it there.
  public var hostOperations: Int = 0
  /// Expected fractions of zeros in the kernel's activation inputs and in its outputs
  /// (`Graph.zeroFractions`): what run-length coding to DRAM saves.
  public var inputZeroFraction: Double = 0
  /// The class of work a CPU runs it as (`CPUModel.efficiency`).
  public var hostClass: HostOpClass = .elementwise
  public var outputZeroFraction: Double = 0

  public init(
    name: String, ops: [String], work: Work, elementType: ElementType, inputBytes: Int, weightBytes: Int,
    outputBytes: Int, fusedStages: [FusedStage] = [], tile: Tile? = nil, placement: Placement? = nil,
    layout: TensorLayout? = nil, vectorOps: [String]? = nil
  ) {
    self.name = name
    self.ops = ops
    self.vectorOps = vectorOps ?? ops
    self.work = work
    self.elementType = elementType
    self.inputBytes = inputBytes
    self.weightBytes = weightBytes
    self.outputBytes = outputBytes
    self.fusedStages = fusedStages
    self.tile = tile
    self.placement = placement
    self.layout = layout
  }

  /// Scalar operations of the vector work and the fused stages.
  public var vectorOperations: Int {
    let own = if case .vector(let operations) = work { operations } else { 0 }
    return fusedStages.reduce(own) { saturatingAdd($0, $1.elements) }
  }

  public var macs: Int {
    switch work {
    case .convolution(let nest): saturatingMultiply(nest.gemm.macs, nest.groups)
    case .matrix(let gemm, let batch): saturatingMultiply(gemm.macs, batch)
    default: 0
    }
  }
}

extension ElementType {
  /// The element type a tensor of `dtype` is computed in.
  public init(_ dtype: DType) {
    switch dtype {
    case .float32, .float64: self = .fp32
    case .float16: self = .fp16
    case .bfloat16: self = .bf16
    case .int8, .uint8, .bool: self = .int8
    case .int16, .uint16: self = .int16
    case .int32, .uint32, .int64, .uint64: self = .int32
    }
  }
}
