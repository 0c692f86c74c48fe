// One onnxruntime session in a worker thread (lib/embeddings/builtin.ts's pool). onnxruntime-node's
// `session.run` is synchronous under its promise: in the main thread it blocks the event loop, and two
// sessions in one thread never overlap. Here each worker runs batches of token ids it is sent and answers
// the pooled, L2-normalised sentence embeddings; tokenising stays in the main thread.
// Plain JavaScript so that Node (tsx, vitest, the worker process) loads it without a compiler.
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";

const { modelPath, threads } = workerData;
let session;
try {
  session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: error instanceof Error ? error.message : String(error) });
}

parentPort.on("message", async ({ id, ids, mask, shape }) => {
  try {
    const output = await session.run({
      input_ids: new ort.Tensor("int64", ids, shape),
      attention_mask: new ort.Tensor("int64", mask, shape),
    });
    const embedding = output.sentence_embedding;
    if (!embedding) throw new Error("the ONNX graph has no sentence_embedding output");
    const data = new Float32Array(embedding.data);
    parentPort.postMessage({ id, data }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
