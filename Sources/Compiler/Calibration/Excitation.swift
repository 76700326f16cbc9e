import Foundation
import GraphIR
import Interpreter
import ONNXImport

/// `tessera excite`: single-layer ONNX models whose dimensions are drawn at random from the
/// ranges real CNNs and transformers use, to measure and fit a timing model on (Flydeling's
/// stochastic excitation, Lübeck et al., TOMPECS 2023). Families are dealt round-robin, so
/// any count above 13 covers them all; sizes are drawn log-uniformly (channels in multiples
/// of 8) and bounded (at most 2·10⁹ MACs, 8 M activations and 32 M weights per layer) so a
/// layer measures in milliseconds. Weights are splats (timing does not depend on values).
public enum Excitation {
  public enum Family: String, CaseIterable, Sendable {
    case conv, pointwise, depthwise, grouped, matmul, maxpool, avgpool, globalpool, relu, sigmoid, add, batchnorm,
      softmax
  }

  public struct Layer: Sendable {
    public var name: String
    public var family: Family
    public var text: String
  }

  /// `count` layers from `seed` (the same bytes for the same arguments on every machine).
  public static func layers(count: Int, seed: UInt64) -> [Layer] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { index in
      let family = Family.allCases[index % Family.allCases.count]
      let name = String(format: "%04d-%@", index, family.rawValue)
      return Layer(name: name, family: family, text: text(family, name: name, &rng))
    }
  }

  /// Writes each layer as DIR/NAME.onnx; returns the paths.
  public static func write(count: Int, seed: UInt64, to folder: String) throws(CompileError) -> [String] {
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw CompileError("\(folder): cannot create the folder (\(error.localizedDescription))")
    }
    var paths: [String] = []
    for layer in layers(count: count, seed: seed) {
      let path = URL(fileURLWithPath: folder).appendingPathComponent(layer.name + ".onnx").path
      do {
        let graph = try GraphParser.parse(layer.text)
        try ONNXExporter.export(graph).write(to: URL(fileURLWithPath: path))
      } catch { throw CompileError("\(path): \(error)") }
      paths.append(path)
    }
    return paths
  }

  // MARK: - Drawing dimensions

  private static func logUniform(_ low: Int, _ high: Int, multiple: Int = 1, _ rng: inout SplitMix64) -> Int {
    let value = exp(log(Double(low)) + rng.unit() * (log(Double(high)) - log(Double(low))))
    return max(low, Int((value / Double(multiple)).rounded()) * multiple)
  }

  private static func pick<T>(_ values: [T], _ rng: inout SplitMix64) -> T {
    values[Int(rng.next() % UInt64(values.count))]
  }

  private static let sides = [7, 14, 28, 56, 112]
  private static let weight = "splat 0x0ad7233c"  // 0.01f

  private static func text(_ family: Family, name: String, _ rng: inout SplitMix64) -> String {
    var h = pick(sides, &rng)
    var c = logUniform(8, 512, multiple: 8, &rng)
    // Keep activations within 8 M elements.
    while c * h * h > 8 << 20 { h /= 2 }
    switch family {
    case .conv, .pointwise, .depthwise, .grouped:
      let k = family == .pointwise ? 1 : family == .conv ? pick([3, 3, 3, 5, 7], &rng) : pick([3, 5], &rng)
      let stride = rng.unit() < 0.25 ? 2 : 1
      var groups = 1
      var out = logUniform(16, 512, multiple: 8, &rng)
      if family == .depthwise { (groups, out) = (c, c) }
      if family == .grouped {
        groups = pick([2, 4, 8, 32], &rng)
        (c, out) = (groups * logUniform(4, 64, &rng), groups * logUniform(4, 64, &rng))
      }
      if family == .conv && rng.unit() < 0.1 { c = 3 }
      while out * (c / groups) * k * k * h * h / (stride * stride) > 2_000_000_000 && h > 7 { h /= 2 }
      let pad = k / 2
      let o = (h + 2 * pad - k) / stride + 1
      let attributes =
        #"{"dilations":[1,1],"group":\#(groups),"kernelShape":[\#(k),\#(k)],"pads":[\#(pad),\#(pad),\#(pad),\#(pad)],"strides":[\#(stride),\#(stride)]}"#
      return graph(
        name, inputs: ["%x: f32[1,\(c),\(h),\(h)]"], constants: ["%w: f32[\(out),\(c / groups),\(k),\(k)]"],
        node: "conv(%x, %w, _)", output: "f32[1,\(out),\(o),\(o)]", attributes: attributes)
    case .matmul:
      let m = logUniform(1, 512, &rng)
      // Up to 128 MB of weights: fully connected layers like AlexNet's and VGG's stream from DRAM.
      var k = logUniform(64, 16384, multiple: 8, &rng)
      let n = logUniform(64, 8192, multiple: 8, &rng)
      while k * n > 32 << 20 { k /= 2 }
      return graph(
        name, inputs: ["%x: f32[\(m),\(k)]"], constants: ["%w: f32[\(k),\(n)]"], node: "matMul(%x, %w)",
        output: "f32[\(m),\(n)]")
    case .maxpool, .avgpool:
      let (k, stride, pad) = pick([(3, 2, 1), (2, 2, 0), (3, 1, 1)], &rng)
      let o = (h + 2 * pad - k) / stride + 1
      let attributes =
        #"{"ceilMode":false,"countIncludePad":false,"dilations":[1,1],"kernelShape":[\#(k),\#(k)],"pads":[\#(pad),\#(pad),\#(pad),\#(pad)],"strides":[\#(stride),\#(stride)]}"#
      let op = family == .maxpool ? "maxPool" : "averagePool"
      return graph(
        name, inputs: ["%x: f32[1,\(c),\(h),\(h)]"], node: "\(op)(%x)", output: "f32[1,\(c),\(o),\(o)]",
        attributes: attributes)
    case .globalpool:
      return graph(
        name, inputs: ["%x: f32[1,\(c),\(h),\(h)]"], node: "globalAveragePool(%x)", output: "f32[1,\(c),1,1]")
    case .relu, .sigmoid:
      let shape = "f32[1,\(c),\(h),\(h)]"
      return graph(name, inputs: ["%x: \(shape)"], node: "\(family.rawValue)(%x)", output: shape)
    case .add:
      let shape = "f32[1,\(c),\(h),\(h)]"
      return graph(name, inputs: ["%x: \(shape)", "%z: \(shape)"], node: "add(%x, %z)", output: shape)
    case .batchnorm:
      let shape = "f32[1,\(c),\(h),\(h)]"
      return graph(
        name, inputs: ["%x: \(shape)"],
        constants: ["%s: f32[\(c)]", "%b: f32[\(c)]", "%m: f32[\(c)]", "%v: f32[\(c)]"],
        node: "batchNormalization(%x, %s, %b, %m, %v)", output: shape, attributes: #"{"epsilon":1e-05}"#)
    case .softmax:
      let shape = "f32[\(logUniform(1, 512, &rng)),\(logUniform(10, 4096, &rng))]"
      return graph(
        name, inputs: ["%x: \(shape)"], node: "softmax(%x)", output: shape,
        attributes: #"{"axis":1,"coerced2D":false}"#)
    }
  }

  private static func graph(
    _ name: String, inputs: [String], constants: [String] = [], node: String, output: String, attributes: String = ""
  ) -> String {
    var lines = ["graph \"\(name)\" {"]
    lines += inputs.map { "  input \($0)" }
    lines += constants.map { "  const \($0) = \(weight)" }
    lines.append("  node \"\(name)\" = \(node) -> (%y: \(output)) \(attributes)")
    lines += ["  output %y", "}", ""]
    return lines.joined(separator: "\n")
  }
}
