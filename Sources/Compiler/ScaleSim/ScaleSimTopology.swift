import CostModel
import Foundation

/// A SCALE-Sim topology file: convolution rows or GEMM rows, each becoming one GEMM.
///
/// Conv rows `name, H, W, Fh, Fw, C, NF, S` use SCALE-Sim's conventions: no padding (the
/// file gives the padded input), one stride for both axes, and a ceiling output size
/// `⌈(H − Fh)/S⌉ + 1`; a row whose name contains `DP` is depthwise and expands into C
/// single-channel layers, one report row each. GEMM rows `name, M, N, K` are taken as is.
public struct ScaleSimTopology: Sendable {
  public struct Layer: Sendable, Equatable {
    public var name: String
    public var gemm: GEMMShape
    /// Distinct input words (H·W·C for a convolution, M·K for a GEMM): im2col repeats them.
    public var ifmapWords: Int

    public init(name: String, gemm: GEMMShape, ifmapWords: Int? = nil) {
      self.name = name
      self.gemm = gemm
      self.ifmapWords = ifmapWords ?? gemm.m * gemm.k
    }
  }

  public enum Kind: String, Sendable { case conv, gemm }

  public var kind: Kind
  public var layers: [Layer]

  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Parses topology text; the header decides conv (8 columns) or GEMM (4 columns).
  public static func parse(_ text: String, file: String) throws(ParseError) -> ScaleSimTopology {
    var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    lines.removeAll { $0.isEmpty }
    guard let header = lines.first else { throw ParseError(description: "\(file): the topology is empty") }
    let columns = fields(header).count
    guard columns == 8 || columns == 4 else {
      throw ParseError(
        description: "\(file): header has \(columns) columns; expected 8 (conv) or 4 (GEMM: name, M, N, K)")
    }
    let kind: Kind = columns == 8 ? .conv : .gemm
    var layers: [Layer] = []
    var problems: [String] = []
    for (offset, line) in lines.dropFirst().enumerated() {
      let cells = fields(line)
      let location = "line \(offset + 2)"
      guard cells.count == columns else {
        problems.append("\(location): \(cells.count) values, expected \(columns)")
        continue
      }
      let numbers = cells.dropFirst().map { Int($0) }
      guard numbers.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 1 << 24 }) else {
        problems.append(
          "\(location) ('\(cells[0])'): every dimension must be an integer in 1…16777216, got \(cells.dropFirst().joined(separator: ", "))"
        )
        continue
      }
      let v = numbers.map { $0 ?? 1 }
      let name = cells[0]
      if kind == .gemm {
        guard let macs = Self.product([v[0], v[1], v[2]]), macs <= Self.maximumMACs else {
          problems.append("\(location) ('\(name)'): too large (at most 2^50 MACs per row)")
          continue
        }
        layers.append(Layer(name: name, gemm: GEMMShape(m: v[0], n: v[1], k: v[2])))
        continue
      }
      let (h, w, fh, fw, c, filters, stride) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6])
      guard fh <= h, fw <= w else {
        problems.append("\(location) ('\(name)'): filter \(fh)×\(fw) is larger than the input \(h)×\(w)")
        continue
      }
      let outputs = ((h - fh + stride - 1) / stride + 1) * ((w - fw + stride - 1) / stride + 1)
      let depthwise = name.contains("DP")
      let gemm =
        depthwise
        ? GEMMShape(m: outputs, n: max(filters / c, 1), k: fh * fw) : GEMMShape(m: outputs, n: filters, k: fh * fw * c)
      let count = depthwise ? c : 1
      guard let macs = Self.product([gemm.m, gemm.n, gemm.k, count]), macs <= Self.maximumMACs,
        layers.count + count <= Self.maximumLayers
      else {
        problems.append(
          "\(location) ('\(name)'): too large (at most \(Self.maximumLayers) layers in all, 2^50 MACs per row)")
        continue
      }
      if depthwise {
        let perChannel = max(filters / c, 1)
        for channel in 0..<c {
          layers.append(
            Layer(name: "\(name)_\(channel)", gemm: GEMMShape(m: outputs, n: perChannel, k: fh * fw), ifmapWords: h * w)
          )
        }
      } else {
        layers.append(Layer(name: name, gemm: GEMMShape(m: outputs, n: filters, k: fh * fw * c), ifmapWords: h * w * c))
      }
    }
    guard problems.isEmpty else { throw ParseError(description: "\(file): " + problems.joined(separator: "; ")) }
    guard !layers.isEmpty else { throw ParseError(description: "\(file): the topology has no layers") }
    return ScaleSimTopology(kind: kind, layers: layers)
  }

  /// Bounds that keep a hostile topology from saturating arithmetic or memory.
  static let maximumMACs = 1 << 50
  static let maximumLayers = 1_000_000

  private static func product(_ factors: [Int]) -> Int? {
    factors.reduce(Optional(1)) { total, factor in
      total.flatMap { t in
        let (value, overflow) = t.multipliedReportingOverflow(by: factor)
        return overflow ? nil : value
      }
    }
  }

  /// Comma-separated cells, trimmed, without the trailing empty cell SCALE-Sim files end with.
  private static func fields(_ line: String) -> [String] {
    var cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    while cells.last?.isEmpty == true { cells.removeLast() }
    return cells
  }
}
