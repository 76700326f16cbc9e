/// The order in which a feature map's elements lie in memory.
///
/// ONNX models are NCHW (channel planes, row-major). Accelerators often want another order:
/// Gemmini's convolutions and SCALE-Sim's operand matrices read channels-last rows (NHWC), and
/// NVDLA stores features in channel-blocked surfaces of one memory atom (NCHWc32 for int8 on
/// nv_full: ⌈C/32⌉ surfaces of H×W atoms of 32 channels). The names are the conventional
/// ones (`NCHW`, `NHWC`, `NCHWc<block>`).
public enum TensorLayout: Hashable, Sendable, CustomStringConvertible, Codable {
  case nchw
  case nhwc
  /// `NCHWc<block>`: ⌈C/block⌉ channel blocks, each H×W×block with the block innermost.
  case channelBlocked(Int)

  /// Block sizes a target file may give (a memory atom is at most a few hundred channels).
  public static let blockRange = 2...4096

  /// Parses `NCHW`, `NHWC` or `NCHWc<block>`; `nil` for anything else.
  public init?(_ text: String) {
    switch text {
    case "NCHW": self = .nchw
    case "NHWC": self = .nhwc
    default:
      guard text.hasPrefix("NCHWc"), let block = Int(text.dropFirst(5)), String(block) == text.dropFirst(5),
        Self.blockRange.contains(block)
      else { return nil }
      self = .channelBlocked(block)
    }
  }

  public var description: String {
    switch self {
    case .nchw: "NCHW"
    case .nhwc: "NHWC"
    case .channelBlocked(let block): "NCHWc\(block)"
    }
  }

  /// What a target file's `layout` key accepts, for error messages.
  public static let syntax = "NCHW, NHWC or NCHWc<block> (block \(blockRange.lowerBound)...\(blockRange.upperBound))"

  /// Whether the memory order of a tensor of `shape` depends on its layout: it has N, C and
  /// spatial axes with more than one channel and more than one spatial position. Otherwise
  /// every layout lists the elements in the same order (a 1×C×1×1 vector is C values in a
  /// row whichever way it is blocked; a single channel plane is H×W either way), so no
  /// conversion is needed. Channel padding of blocked layouts is a size detail left out.
  public static func orderMatters(_ shape: [Int]) -> Bool {
    guard shape.count >= 3 else { return false }
    let spatial = shape.dropFirst(2).reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    return shape[1] > 1 && spatial > 1
  }

  /// Whether a tensor of `shape` stored in `self` needs no conversion to be read as `other`.
  public func sameOrder(as other: TensorLayout, shape: [Int]) -> Bool {
    self == other || !Self.orderMatters(shape)
  }
}

extension TensorLayout {
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let layout = TensorLayout(text) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "layout '\(text)': expected \(Self.syntax)"))
    }
    self = layout
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
