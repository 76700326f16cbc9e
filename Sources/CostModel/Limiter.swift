/// What limits a kernel: its compute, the traffic at one memory level, the transfers it must
/// wait for (layout conversions, the host link), or its fixed overhead. Reports and schedule
/// files write `compute`, `memory:<level>`, `memory:transfer` and `overhead`.
public enum Limiter: Hashable, Sendable, CustomStringConvertible, Codable {
  case compute
  case memory(level: String)
  case transfer
  case overhead

  public var description: String {
    switch self {
    case .compute: "compute"
    case .memory(let level): "memory:\(level)"
    case .transfer: "memory:transfer"
    case .overhead: "overhead"
    }
  }

  /// The limiter a report or file names; `nil` for anything else.
  public init?(_ text: String) {
    switch text {
    case "compute": self = .compute
    case "overhead": self = .overhead
    case "memory:transfer": self = .transfer
    default:
      guard text.hasPrefix("memory:"), text.count > "memory:".count else { return nil }
      self = .memory(level: String(text.dropFirst("memory:".count)))
    }
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let limiter = Limiter(text) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription: "'\(text)' is not compute, memory:<level>, memory:transfer or overhead"))
    }
    self = limiter
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
