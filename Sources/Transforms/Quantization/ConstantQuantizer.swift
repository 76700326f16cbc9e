import Foundation
import GraphIR

/// Quantizes constant weights and biases: per-output-channel symmetric weights, int32
/// biases on the product scale (Jacob et al., "Quantization and Training of Neural Networks
/// for Efficient Integer-Arithmetic-Only Inference", CVPR 2018, §2.2: the bias is stored in
/// int32 with scale s_x·s_w and zero point 0, so it adds straight into the accumulator).
///
/// Every quotient is taken in float32 against the float32 scale stored in the IR, and
/// rounded half to even as ONNX QuantizeLinear does, so dequantizing the stored codes with
/// the stored scales gives exactly the values the IR means. Splat constants stay splats.
enum ConstantQuantizer {
  /// Stored codes with their scales.
  struct Quantized {
    var codes: Tensor
    /// float32, shape `[channels]` (`[]` per tensor); a splat when the weight was one.
    var scales: Tensor
    /// The scale of every channel, or one entry when all channels share it (a splat: never
    /// expanded, however many channels its shape claims).
    var channelScales: [Float]
  }

  /// Symmetric codes for a float32 `weight`, one scale per index of `axis` (`nil`: one scale).
  /// scale_c = max|W_c| / maximum, or 1 when the channel is all zeros (or not finite).
  static func weight(_ weight: Tensor, axis: Int?, maximum: Float, as dtype: DType) throws(IRError) -> Quantized {
    let shape = weight.type.shape
    let channels = axis.map { shape[$0] } ?? 1
    let scaleShape: Shape = axis == nil ? [] : [channels]
    if weight.isSplat {
      let value = Float(weight.scalarValue ?? 0)
      let scale = scale(forMagnitude: abs(value), maximum: maximum)
      return Quantized(
        codes: .splat(dtype, shape, Double(code(value, scale: scale, maximum: maximum))),
        scales: .splat(.float32, scaleShape, Double(scale)), channelScales: [scale])
    }
    guard case .dense(let data) = weight.storage, weight.type.dtype == .float32 else {
      throw IRError("weight \(weight.type) is not float32")
    }
    // Elements come in runs of `inner` that share a channel: index i is in channel (i / inner) % channels.
    let inner = max(axis.map { Array(shape.dropFirst($0 + 1)).elementCount } ?? weight.type.elementCount, 1)
    let runs = WeightRuns(data: data, inner: inner, channels: channels)
    let scales = runs.magnitudes().map { scale(forMagnitude: $0, maximum: maximum) }
    let bytes: Data
    switch dtype {
    case .int8: bytes = runs.codes(Int8.self, scales: scales, maximum: maximum)
    case .int16: bytes = runs.codes(Int16.self, scales: scales, maximum: maximum)
    default: throw IRError("weights cannot be quantized to \(dtype)")
    }
    return Quantized(
      codes: try Tensor(type: TensorType(dtype, shape), storage: .dense(bytes)),
      scales: try Tensor(float32: scaleShape, scales), channelScales: scales)
  }

  /// int32 codes of a float32 `bias` of one element per channel, on the scales
  /// `inputScale · weightScales[c]`; `nil` when a code would not fit int32 (a wide mode's
  /// tiny product scales), where saturating would silently change the bias.
  static func bias(_ bias: Tensor, inputScale: Float, weightScales: [Float]) throws(IRError) -> Quantized? {
    let channels = bias.type.elementCount
    guard channels > 0, weightScales.count == 1 || weightScales.count == channels else { return nil }
    let scales = weightScales.map { inputScale * $0 }
    let splat = bias.isSplat && scales.allSatisfy { $0 == scales[0] }
    let values = splat ? [Float(bias.scalarValue ?? 0)] : bias.float32Values() ?? []
    let quotients = values.enumerated().map { index, value in
      (value / scales[scales.count == 1 ? 0 : index]).rounded(.toNearestOrEven)
    }
    let maximum: Float = 2_147_483_520  // the largest float32 below 2^31
    guard quotients.allSatisfy({ abs($0) <= maximum }) else { return nil }
    let codes = quotients.map { Int64($0) }
    if splat {
      return Quantized(
        codes: .splat(.int32, bias.type.shape, Double(codes.first ?? 0)),
        scales: .splat(.float32, [channels], Double(scales[0])), channelScales: scales)
    }
    return Quantized(
      codes: try Tensor(.int32, bias.type.shape, integers: codes),
      scales: try Tensor(float32: [channels], scales.count == 1 ? codes.map { _ in scales[0] } : scales),
      channelScales: scales)
  }

  /// A float32 constant rounded to half precision (`fp16` mode).
  static func half(_ tensor: Tensor) throws(IRError) -> Tensor {
    if tensor.isSplat { return .splat(.float16, tensor.type.shape, tensor.scalarValue ?? 0) }
    return try Tensor(.float16, tensor.type.shape, doubles: tensor.doubles())
  }

  private static func scale(forMagnitude magnitude: Float, maximum: Float) -> Float {
    let scale = magnitude / maximum
    return scale > 0 && scale.isFinite ? scale : 1
  }

  /// round(value / scale), half to even, saturated to ±maximum (NaN becomes 0).
  fileprivate static func code(_ value: Float, scale: Float, maximum: Float) -> Int64 {
    let quotient = (value / scale).rounded(.toNearestOrEven)
    if quotient.isNaN { return 0 }
    return Int64(min(max(quotient, -maximum), maximum))
  }
}

/// A dense float32 weight read in runs of elements that share a channel, straight from its
/// bytes: one pass per result and no per-element allocation (a folded ResNet-50 has 25
/// million weights; debug builds run the tests).
private struct WeightRuns {
  var data: Data
  var inner: Int
  var channels: Int

  /// Calls `body` with each run's channel and its element indices `start..<end`.
  private func forEachRun(count: Int, _ body: (_ channel: Int, _ start: Int, _ end: Int) -> Void) {
    var start = 0
    while start < count {
      let end = min(start + inner, count)
      body((start / inner) % max(channels, 1), start, end)
      start = end
    }
  }

  /// max |w| of every channel.
  func magnitudes() -> [Float] {
    var result = [Float](repeating: 0, count: channels)
    data.withUnsafeBytes { raw in
      forEachRun(count: raw.count / 4) { channel, start, end in
        var magnitude = result[channel]
        var index = start
        while index < end {
          magnitude = max(magnitude, abs(raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)))
          index += 1
        }
        result[channel] = magnitude
      }
    }
    return result
  }

  /// Codes of `Code` (int8 or int16, little-endian) for every element, on its channel's scale.
  func codes<Code: FixedWidthInteger>(_: Code.Type, scales: [Float], maximum: Float) -> Data {
    let width = MemoryLayout<Code>.size
    var codes = Data(count: data.count / 4 * width)
    codes.withUnsafeMutableBytes { out in
      data.withUnsafeBytes { raw in
        forEachRun(count: raw.count / 4) { channel, start, end in
          for index in start..<end {
            let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
            let code = Code(
              truncatingIfNeeded: ConstantQuantizer.code(value, scale: scales[channel], maximum: maximum))
            out.storeBytes(of: code.littleEndian, toByteOffset: index * width, as: Code.self)
          }
        }
      }
    }
    return codes
  }
}
