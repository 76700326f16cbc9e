import GraphIR
import HardwareModel

/// The default lowering: every node is its own kernel whose tensors round-trip DRAM.
/// Passes replace it piece by piece (fusion, tiling); this is what is left undecided.
public enum KernelLowering {
  public static func defaultKernels(_ graph: Graph) -> [Kernel] {
    let graphInputs = Set(graph.inputs)
    return graph.nodes.map { node in
      let inputs = node.inputs.compactMap { $0 }
      let weights = inputs.filter { graph.constants[$0] != nil }
      let activations = inputs.filter { graph.constants[$0] == nil }
      let output = node.outputs.first.map { graph[$0].type } ?? TensorType(.float32, [])
      let readsNetworkInput = activations.contains { graphInputs.contains($0) }
      return Kernel(
        name: node.name, ops: [node.op.name],
        work: work(of: node, in: graph, output: output, readsNetworkInput: readsNetworkInput),
        elementType: ElementType(inputs.first.map { graph[$0].type.dtype } ?? output.dtype),
        inputBytes: activations.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) },
        weightBytes: weights.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) },
        outputBytes: node.outputs.reduce(0) { saturatingAdd($0, graph[$1].type.byteCount) })
    }
  }

  static func work(of node: Node, in graph: Graph, output: TensorType, readsNetworkInput: Bool) -> Kernel.Work {
    func type(_ i: Int) -> TensorType? { i < node.inputs.count ? node.inputs[i].map { graph[$0].type } : nil }
    switch node.op {
    case .conv(let a), .convInteger(let a), .qLinearConv(let a):
      let weightIndex = node.op.name == "qLinearConv" ? 3 : 1
      guard let x = type(0), let w = type(weightIndex), x.rank >= 3 else {
        return .vector(operations: output.elementCount)
      }
      return convolution(a, x: x, w: w, output: output, readsNetworkInput: readsNetworkInput)
    case .convTranspose:
      return .matrix(GEMMShape(m: 1, n: 1, k: max(graph.macs(of: node), 1)), batch: 1)
    case .gemm(let a):
      guard let x = type(0) else { return .free }
      let k = a.transA ? x.shape[0] : x.shape.last ?? 1
      return .matrix(GEMMShape(m: output.shape.first ?? 1, n: output.shape.last ?? 1, k: k), batch: 1)
    case .matMul, .matMulInteger, .qLinearMatMul, .einsum:
      guard let a = type(0), output.rank >= 1 else { return .free }
      let n = output.shape.last ?? 1
      let m = output.rank >= 2 ? output.shape[output.rank - 2] : 1
      let batch = max(output.elementCount / max(saturatingMultiply(m, n), 1), 1)
      let k = max(graph.macs(of: node) / max(saturatingMultiply(saturatingMultiply(m, n), batch), 1), a.shape.last ?? 1)
      return .matrix(GEMMShape(m: m, n: n, k: k), batch: batch)
    case .maxPool(let p), .averagePool(let p):
      return .vector(operations: saturatingMultiply(output.elementCount, p.kernelShape.elementCount))
    case .globalAveragePool, .globalMaxPool, .reduce, .softmax, .logSoftmax, .layerNormalization, .lrn,
      .instanceNormalization:
      return .vector(operations: saturatingAdd(inputsElements(node, graph), output.elementCount))
    case .reshape, .flatten, .squeeze, .unsqueeze, .identity, .dropout:
      return .free
    case .transpose, .concat, .split, .slice, .gather, .gatherElements, .pad, .expand, .tile, .resize, .depthToSpace,
      .spaceToDepth:
      return .movement
    default:
      return .vector(operations: output.elementCount)
    }
  }

  private static func inputsElements(_ node: Node, _ graph: Graph) -> Int {
    node.inputs.compactMap { $0 }.filter { graph.constants[$0] == nil }.reduce(0) {
      saturatingAdd($0, graph[$1].type.elementCount)
    }
  }

  /// A 2-D convolution (1-D taken as height 1) as an NVDLA layer and a per-group GEMM.
  static func convolution(
    _ a: ConvAttributes, x: TensorType, w: TensorType, output: TensorType, readsNetworkInput: Bool
  ) -> Kernel.Work {
    let spatial = Array(x.shape.dropFirst(2))
    let kernel = a.kernelShape
    let (h, width) = spatial.count >= 2 ? (spatial[0], spatial[1]) : (1, spatial.first ?? 1)
    let (r, s) = kernel.count >= 2 ? (kernel[0], kernel[1]) : (1, kernel.first ?? 1)
    let (sv, sh) = a.strides.count >= 2 ? (a.strides[0], a.strides[1]) : (1, a.strides.first ?? 1)
    let outSpatial = Array(output.shape.dropFirst(2))
    let samePadding = zip(spatial, zip(a.strides, outSpatial)).allSatisfy { input, pair in
      (input + pair.0 - 1) / pair.0 == pair.1
    }
    let groups = max(a.group, 1)
    let channels = x.shape[1] / groups
    let filters = w.shape[0] / groups
    let layer = NVDLALayer(
      kind: .convolution, channels: channels, height: h, width: width, filters: filters, kernelH: r, kernelW: s,
      samePadding: samePadding, strideV: sv, strideH: sh, readsNetworkInput: readsNetworkInput)
    let pixels = saturatingMultiply(output.shape[0], outSpatial.elementCount)
    return .convolution(
      layer, gemm: GEMMShape(m: pixels, n: filters, k: saturatingMultiply(channels, kernel.elementCount)),
      groups: groups)
  }
}
