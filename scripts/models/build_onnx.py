"""Builds the ONNX graph of sentence-transformers/all-MiniLM-L6-v2 (BERT encoder + mean pooling + L2 norm).

The graph holds no weights: every initializer is ONNX *external data* pointing into the model's
`model.safetensors` by byte offset, so the weights exist once on disk, and the graph is the same bytes on
every rebuild (it is committed: models/all-MiniLM-L6-v2/model.onnx). Only `onnx` and `numpy` are needed;
the layout is read from the safetensors header, no weights are loaded.

    python scripts/models/build_onnx.py <dir with model.safetensors> <out model.onnx>

onnxruntime resolves the external data relative to the graph's directory, so the graph must sit beside
model.safetensors when it is loaded (scripts/models/install.sh copies it there).
"""

import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

# From the model's config.json (BertModel) and sentence_bert_config/1_Pooling (mean pooling, normalised).
HIDDEN = 384
HEADS = 12
HEAD_DIM = HIDDEN // HEADS
LAYERS = 6
INTERMEDIATE = 1536
VOCAB = 30522
MAX_POSITIONS = 512
LN_EPS = 1e-12
WEIGHTS_FILE = "model.safetensors"
SAFETENSORS_DTYPES = {"F32": TensorProto.FLOAT, "I64": TensorProto.INT64}


def read_header(path: Path) -> tuple[int, dict]:
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    header.pop("__metadata__", None)
    return 8 + length, header


class Graph:
    def __init__(self, data_start: int, header: dict):
        self.data_start = data_start
        self.header = header
        self.nodes: list = []
        self.initializers: list = []
        self.count = 0

    def weight(self, name: str, shape: list[int]) -> str:
        """An initializer whose bytes stay in model.safetensors (external data by offset and length)."""
        entry = self.header[name]
        if entry["shape"] != shape:
            raise SystemExit(f"{name}: expected shape {shape}, the file has {entry['shape']}")
        begin, end = entry["data_offsets"]
        tensor = TensorProto(name=name, dims=shape, data_type=SAFETENSORS_DTYPES[entry["dtype"]])
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", WEIGHTS_FILE), ("offset", str(self.data_start + begin)), ("length", str(end - begin))):
            tensor.external_data.add(key=key, value=value)
        self.initializers.append(tensor)
        return name

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(onnx.numpy_helper.from_array(value, name=name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs) -> str:
        self.count += 1
        out = f"{op_type.lower()}_{self.count}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"n{self.count}", **attrs))
        return out

    def linear(self, x: str, prefix: str, n_in: int, n_out: int) -> str:
        # PyTorch stores Linear weights as [out, in]: y = x · Wᵀ + b. onnxruntime folds the constant Transpose.
        w = self.weight(f"{prefix}.weight", [n_out, n_in])
        b = self.weight(f"{prefix}.bias", [n_out])
        return self.op("Add", [self.op("MatMul", [x, self.op("Transpose", [w], perm=[1, 0])]), b])

    def layer_norm(self, x: str, prefix: str) -> str:
        scale = self.weight(f"{prefix}.weight", [HIDDEN])
        bias = self.weight(f"{prefix}.bias", [HIDDEN])
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=LN_EPS)


def build(model_dir: Path) -> onnx.ModelProto:
    data_start, header = read_header(model_dir / WEIGHTS_FILE)
    g = Graph(data_start, header)
    ids, mask = "input_ids", "attention_mask"

    # Embeddings: word + position (0..T-1) + token type 0 (single sentences), then LayerNorm.
    zero = g.const("zero_i64", np.array(0, dtype=np.int64))
    one = g.const("one_i64", np.array(1, dtype=np.int64))
    seq_len = g.op("Gather", [g.op("Shape", [ids]), one], axis=0)
    positions = g.op("Range", [zero, seq_len, one])
    words = g.op("Gather", [g.weight("embeddings.word_embeddings.weight", [VOCAB, HIDDEN]), ids], axis=0)
    pos = g.op("Gather", [g.weight("embeddings.position_embeddings.weight", [MAX_POSITIONS, HIDDEN]), positions], axis=0)
    token_type = g.op("Gather", [g.weight("embeddings.token_type_embeddings.weight", [2, HIDDEN]), zero], axis=0)
    x = g.layer_norm(g.op("Add", [g.op("Add", [words, pos]), token_type]), "embeddings.LayerNorm")

    # Padding positions get the lowest float added to their attention scores, as transformers does.
    mask_f = g.op("Cast", [mask], to=TensorProto.FLOAT)
    inverted = g.op("Sub", [g.const("one_f", np.array(1.0, dtype=np.float32)), mask_f])
    lowest = g.const("lowest_f", np.array(np.finfo(np.float32).min, dtype=np.float32))
    axes_12 = g.const("axes_1_2", np.array([1, 2], dtype=np.int64))
    score_mask = g.op("Unsqueeze", [g.op("Mul", [inverted, lowest]), axes_12])  # [B,1,1,T]

    heads_shape = g.const("heads_shape", np.array([0, 0, HEADS, HEAD_DIM], dtype=np.int64))
    hidden_shape = g.const("hidden_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    scale = g.const("score_scale", np.array(1.0 / math.sqrt(HEAD_DIM), dtype=np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    one_f = "one_f"

    for i in range(LAYERS):
        p = f"encoder.layer.{i}"

        def heads(name: str, perm: list[int]) -> str:
            projected = g.linear(x, f"{p}.attention.self.{name}", HIDDEN, HIDDEN)
            return g.op("Transpose", [g.op("Reshape", [projected, heads_shape])], perm=perm)

        q = heads("query", [0, 2, 1, 3])  # [B,H,T,D]
        k = heads("key", [0, 2, 3, 1])  # [B,H,D,T]
        v = heads("value", [0, 2, 1, 3])  # [B,H,T,D]
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), score_mask])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), hidden_shape])
        attended = g.op("Add", [g.linear(context, f"{p}.attention.output.dense", HIDDEN, HIDDEN), x])
        attended = g.layer_norm(attended, f"{p}.attention.output.LayerNorm")

        # GELU, exact (erf) form as BERT's "gelu": 0.5·h·(1 + erf(h/√2)).
        h = g.linear(attended, f"{p}.intermediate.dense", HIDDEN, INTERMEDIATE)
        gelu = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [g.op("Erf", [g.op("Div", [h, sqrt2])]), one_f])])
        out = g.op("Add", [g.linear(gelu, f"{p}.output.dense", INTERMEDIATE, HIDDEN), attended])
        x = g.layer_norm(out, f"{p}.output.LayerNorm")

    # Mean pooling over real tokens, then L2 normalisation (sentence-transformers' Pooling + Normalize).
    axis_1 = g.const("axis_1", np.array([1], dtype=np.int64))
    axis_2 = g.const("axis_2", np.array([2], dtype=np.int64))
    mask_3d = g.op("Unsqueeze", [mask_f, axis_2])  # [B,T,1]
    summed = g.op("ReduceSum", [g.op("Mul", [x, mask_3d]), axis_1], keepdims=0)
    counts = g.op("Clip", [g.op("ReduceSum", [mask_3d, axis_1], keepdims=0), g.const("min_count", np.array(1e-9, dtype=np.float32))])
    mean = g.op("Div", [summed, counts])
    # ReduceL2 takes its axes as an attribute up to opset 17 (ReduceSum already as an input).
    norm = g.op("Clip", [g.op("ReduceL2", [mean], axes=[-1], keepdims=1), g.const("min_norm", np.array(1e-12, dtype=np.float32))])
    g.nodes.append(helper.make_node("Div", [mean, norm], ["sentence_embedding"], name="normalize"))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", HIDDEN])],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="strata scripts/models/build_onnx.py",
        ir_version=8,
    )
    return model


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    model_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    model = build(model_dir)
    out.write_bytes(model.SerializeToString())
    # The checker resolves the external data next to the graph when both sit in one directory.
    if out.resolve().parent == model_dir.resolve():
        onnx.checker.check_model(str(out), full_check=True)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(model.graph.node)} nodes)")


if __name__ == "__main__":
    main()
