"""Computes the reference vectors of the built-in model with the reference implementation.

    python scripts/models/reference_vectors.py <sentence-transformers model dir> > models/all-MiniLM-L6-v2/reference.json

The model dir is the wheel's sentence-transformers__all-MiniLM-L6-v2 folder (modules.json, 1_Pooling, …),
i.e. the same weights the install verifies. Run once, in a throwaway venv with sentence-transformers (it
pulls torch, several GB: not a project dependency); lib/embeddings/builtin.test.ts then requires cosine
>= 0.9999 between these vectors and what Strata's ONNX route computes for scripts/models/reference_sentences.json.
"""

import json
import sys
from pathlib import Path

import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sentences = json.loads((Path(__file__).parent / "reference_sentences.json").read_text(encoding="utf-8"))
    model = SentenceTransformer(sys.argv[1], device="cpu")
    vectors = model.encode(sentences, batch_size=8, normalize_embeddings=False, convert_to_numpy=True)
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "generator": f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}, CPU, "
        f"max_seq_length {model.max_seq_length}",
        "sentences": sentences,
        # float32 values printed with 9 significant digits survive the round trip exactly.
        "vectors": [[float(f"{x:.9g}") for x in v] for v in vectors.tolist()],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
