/// A plain-text table with columns padded to their widest cell.
public struct TextTable: Sendable {
  public var headers: [String]
  public var rows: [[String]] = []
  /// Columns whose cells are right-aligned (numbers).
  public var rightAligned: Set<Int>

  public init(headers: [String], rightAligned: Set<Int> = []) {
    self.headers = headers
    self.rightAligned = rightAligned
  }

  public mutating func add(_ row: [String]) { rows.append(row) }

  public func render() -> String {
    let all = [headers] + rows
    let widths = headers.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      let padded = headers.indices.map { column -> String in
        let cell = column < cells.count ? cells[column] : ""
        let fill = String(repeating: " ", count: widths[column] - cell.count)
        return rightAligned.contains(column) ? fill + cell : cell + fill
      }
      let joined = padded.joined(separator: "  ")
      return String(joined[..<(joined.lastIndex { $0 != " " }.map(joined.index(after:)) ?? joined.startIndex)])
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
  }
}
