import Foundation

/// Removes `graph.value_info` entries from serialized `ModelProto` bytes before decoding.
///
/// Tessera recomputes every shape, so exporters' shape hints are never read; skipping them
/// saves about a quarter of the protobuf decoding time of a typical torch export. Works on
/// the wire format only; any bytes it does not understand make it return `nil`, and the
/// original bytes go to the real decoder, which reports the problem.
enum ValueInfoStripper {
  static let graphField = 7
  static let valueInfoField = 13

  static func strip(_ data: Data) -> Data? {
    data.withUnsafeBytes { raw -> Data? in
      let bytes = raw.bindMemory(to: UInt8.self)
      // First pass: find the graph fields and the value_info spans inside them, copying nothing.
      var graphs: [(keyStart: Int, payload: Range<Int>, removed: [Range<Int>])] = []
      var position = 0
      while position < bytes.count {
        let start = position
        guard let key = readVarint(bytes, &position), let end = skipField(bytes, key: key, &position) else {
          return nil
        }
        guard key >> 3 == graphField && key & 7 == 2, let payloadStart = payloadStart(bytes, start) else { continue }
        guard let removed = valueInfoSpans(bytes, payloadStart..<end) else { return nil }
        if !removed.isEmpty { graphs.append((start, payloadStart..<end, removed)) }
      }
      // Worth it only when the hints are a noticeable part of the file: copying a weight-heavy
      // model to drop a few kilobytes would cost more than decoding them.
      let removedBytes = graphs.reduce(0) { $0 + $1.removed.reduce(0) { $0 + $1.count } }
      guard !graphs.isEmpty, removedBytes * 100 >= bytes.count else { return nil }
      // Second pass: copy the spans between removed fields; rewrite each graph's length.
      var out = Data()
      out.reserveCapacity(bytes.count)
      var copied = 0
      for graph in graphs {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<graph.keyStart]))
        appendVarint(&out, UInt64(graphField << 3 | 2))
        appendVarint(&out, UInt64(graph.payload.count - graph.removed.reduce(0) { $0 + $1.count }))
        var from = graph.payload.lowerBound
        for span in graph.removed {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<span.lowerBound]))
          from = span.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<graph.payload.upperBound]))
        copied = graph.payload.upperBound
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
      return out
    }
  }

  /// Byte spans of the value_info fields of the GraphProto in `range`.
  private static func valueInfoSpans(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Range<Int>]? {
    var spans: [Range<Int>] = []
    var position = range.lowerBound
    while position < range.upperBound {
      let start = position
      guard let key = readVarint(bytes, &position), let end = skipField(bytes, key: key, &position),
        end <= range.upperBound
      else { return nil }
      if key >> 3 == valueInfoField { spans.append(start..<end) }
    }
    return spans
  }

  /// Offset of a length-delimited field's payload, given the offset of its key.
  private static func payloadStart(_ bytes: UnsafeBufferPointer<UInt8>, _ keyStart: Int) -> Int? {
    var position = keyStart
    guard readVarint(bytes, &position) != nil, readVarint(bytes, &position) != nil else { return nil }
    return position
  }

  /// Advances past the field whose key was just read; returns the end offset.
  private static func skipField(_ bytes: UnsafeBufferPointer<UInt8>, key: UInt64, _ position: inout Int) -> Int? {
    switch key & 7 {
    case 0: guard readVarint(bytes, &position) != nil else { return nil }
    case 1: position += 8
    case 5: position += 4
    case 2:
      guard let length = readVarint(bytes, &position), length <= UInt64(bytes.count - position) else { return nil }
      position += Int(length)
    default: return nil
    }
    return position <= bytes.count ? position : nil
  }

  private static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.count && shift < 64 {
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    return nil
  }

  private static func appendVarint(_ out: inout Data, _ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      out.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    out.append(UInt8(rest))
  }
}
