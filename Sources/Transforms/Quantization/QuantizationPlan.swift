import CostModel
import GraphIR

/// Which kernels `quantize` stores in the quantized type.
///
/// A kernel with a contraction is quantized when it has a quantizable one and the timing
/// model runs it on a MAC array in the quantized type (a rate for the type, buffers that
/// hold the layer) no slower than it runs now. A kernel without one is quantized when it borders a quantized
/// kernel (reads from or feeds one) and either the target runs it on an accelerator unit (a
/// vector unit listing its ops, DMA for data movement) or its ops run on stored codes anywhere
/// (`QuantizationScheme.runsOnCodes`); bordering spreads to a fixed point, so a chain of
/// such kernels between quantized convolutions is quantized whole. Kernels that already
/// convert types (quantize, dequantize, cast) are left alone, so the pass is idempotent and
/// respects a model that arrives quantized.
struct QuantizationPlan {
  /// One entry per span.
  var quantized: [Bool] = []
  /// Kernels computing in float32 that stay so.
  var leftFloat = 0

  init(graph: Graph, spans: [KernelSpan], scheme: QuantizationScheme, target: CompilationTarget) {
    let kernels = KernelLowering.kernels(graph)
    var eligible: [Bool] = []
    var converts: [Bool] = []
    for (index, span) in spans.enumerated() {
      let members = graph.nodes[span.nodes]
      let converting = members.contains { ["quantizeLinear", "dequantizeLinear", "cast"].contains($0.op.name) }
      converts.append(converting)
      if converting {
        quantized.append(false)
        eligible.append(false)
      } else if members.contains(where: { $0.op.isContraction }) {
        quantized.append(
          members.contains { QuantizableContraction($0, in: graph) != nil }
            && index < kernels.count && Self.runsQuantized(kernels[index], scheme, target))
        eligible.append(false)
      } else {
        quantized.append(false)
        eligible.append(
          members.allSatisfy { QuantizationScheme.runsOnCodes($0.op) }
            || index < kernels.count && Self.runsOnAccelerator(kernels[index], target))
      }
    }
    let neighbours = Self.neighbours(spans, in: graph)
    var changed = true
    while changed {
      changed = false
      for index in spans.indices where eligible[index] && !quantized[index] {
        if neighbours[index].contains(where: { quantized[$0] }) {
          quantized[index] = true
          changed = true
        }
      }
    }
    for (index, span) in spans.enumerated() where !quantized[index] && !converts[index] {
      if graph.nodes[span.nodes].contains(where: { $0.outputs.contains { graph[$0].type.dtype == .float32 } }) {
        leftFloat += 1
      }
    }
  }

  /// For every span, the spans it exchanges float32 activations with (producers and
  /// consumers), in ascending order.
  static func neighbours(_ spans: [KernelSpan], in graph: Graph) -> [[Int]] {
    var spanOfNode = [Int](repeating: 0, count: graph.nodes.count)
    for (index, span) in spans.enumerated() { for node in span.nodes { spanOfNode[node] = index } }
    let producers = graph.producers()
    var result = [[Int]](repeating: [], count: spans.count)
    for (index, span) in spans.enumerated() {
      for input in floatInputs(of: span, in: graph) {
        guard let producer = producers[input.index] else { continue }
        let other = spanOfNode[producer]
        if !result[index].contains(other) { result[index].append(other) }
        if !result[other].contains(index) { result[other].append(index) }
      }
    }
    return result.map { $0.sorted() }
  }

  /// The float32 activations a span reads from outside, in order of first use.
  static func floatInputs(of span: KernelSpan, in graph: Graph) -> [ValueID] {
    span.inputs.filter { graph[$0].type.dtype == .float32 }
  }

  /// Whether the timing model runs a contraction kernel on a MAC array once it computes in
  /// the quantized type (the array has a rate for it, its buffers hold the layer), and no
  /// slower than the kernel runs now: NVDLA's channel alignment, for one, can make a tiny
  /// layer slower on the MAC cells than on the host. The quantized kernel is priced with its
  /// float32 tensors stored in the quantized type.
  static func runsQuantized(_ kernel: Kernel, _ scheme: QuantizationScheme, _ target: CompilationTarget) -> Bool {
    var quantized = kernel
    quantized.elementType = scheme.elementType
    let width = scheme.storedType.byteWidth
    quantized.inputBytes = kernel.inputBytes / 4 * width
    quantized.weightBytes = kernel.weightBytes / 4 * width
    quantized.outputBytes = kernel.outputBytes / 4 * width
    guard let cost = try? target.model.cost(quantized), cost.placement != .host else { return false }
    guard let current = try? target.model.cost(kernel) else { return true }
    return cost.totalCycles <= current.totalCycles
  }

  /// Whether the timing model puts `kernel` on one of the accelerator's own units.
  static func runsOnAccelerator(_ kernel: Kernel, _ target: CompilationTarget) -> Bool {
    guard let cost = try? target.model.cost(kernel) else { return false }
    return cost.placement != .host
  }
}
