import Foundation

/// A SCALE-Sim v3 `.cfg` file: the array, its SRAMs and the DRAM interface.
///
/// The format is INI-like (`[section]`, `Key: value` or `key = value`). Keys Tessera does not
/// model (offsets, layouts, sparsity, Ramulator) are accepted and ignored, as SCALE-Sim does.
public struct ScaleSimConfig: Sendable, Equatable {
  /// How SCALE-Sim models the DRAM interface.
  public enum InterfaceBandwidth: String, Sendable {
    /// Reads never stall; the bandwidth needed is only recorded.
    case calculated = "CALC"
    /// Prefetch at `Bandwidth` words per cycle; stalls are modelled.
    case user = "USER"
  }

  public var runName: String
  public var array: SystolicArray
  public var interfaceBandwidth: InterfaceBandwidth

  public struct ParseError: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Parses the text of a config; every problem is reported at once, with its key.
  /// - Parameter file: Names the file in error messages.
  public static func parse(_ text: String, file: String) throws(ParseError) -> ScaleSimConfig {
    var values: [String: String] = [:]
    var problems: [String] = []
    var section = ""
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        continue
      }
      guard let separator = line.firstIndex(where: { $0 == ":" || $0 == "=" }) else {
        problems.append("line \(number + 1): expected 'Key: value', got '\(line)'")
        continue
      }
      let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      let path = "\(section).\(key)"
      if values[path] != nil { problems.append("line \(number + 1): key '\(section).\(key)' appears twice") }
      values[path] = value
    }
    func integer(_ path: String, _ name: String) -> Int {
      guard let text = values[path] else {
        problems.append("missing key '\(name)'")
        return 0
      }
      guard let value = Int(text), value > 0, value <= 1 << 20 else {
        problems.append("'\(name)' must be a positive integer, got '\(text)'")
        return 0
      }
      return value
    }
    let rows = integer("architecture_presets.arrayheight", "ArrayHeight")
    let cols = integer("architecture_presets.arraywidth", "ArrayWidth")
    let ifmap = integer("architecture_presets.ifmapsramszkb", "IfmapSramSzkB")
    let filter = integer("architecture_presets.filtersramszkb", "FilterSramSzkB")
    let ofmap = integer("architecture_presets.ofmapsramszkb", "OfmapSramSzkB")
    let bandwidth = integer("architecture_presets.bandwidth", "Bandwidth")
    let dataflowText = values["architecture_presets.dataflow"]?.lowercased() ?? ""
    let dataflow = Dataflow(rawValue: dataflowText)
    if dataflow == nil { problems.append("'Dataflow' must be ws, os or is, got '\(dataflowText)'") }
    let modeText = values["run_presets.interfacebandwidth"]?.uppercased() ?? "CALC"
    let mode = InterfaceBandwidth(rawValue: modeText)
    if mode == nil { problems.append("'InterfaceBandwidth' must be CALC or USER, got '\(modeText)'") }
    guard problems.isEmpty, let dataflow, let mode else {
      throw ParseError(description: "\(file): " + problems.joined(separator: "; "))
    }
    let array = SystolicArray(
      rows: rows, cols: cols, dataflow: dataflow, ifmapSRAMBytes: ifmap * 1024, filterSRAMBytes: filter * 1024,
      ofmapSRAMBytes: ofmap * 1024, dramWordsPerCycle: Double(bandwidth))
    return ScaleSimConfig(runName: values["general.run_name"] ?? "", array: array, interfaceBandwidth: mode)
  }
}
