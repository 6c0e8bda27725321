/** What the user can do when no local model answers. */
export const LOCAL_WAIT_HINT =
  'start a local model (Ollama, LM Studio, llama.cpp or vLLM), or set local.url or local.modelPath; waiting work then runs by itself';

/** One line when tasks wait for a local model: how many, and what to do about it. */
export function describeLocalWait(waiting: number | undefined): string | undefined {
  if (!waiting) return undefined;
  const tasks = waiting === 1 ? '1 task waits' : `${waiting} tasks wait`;
  return `${tasks} for a local model: ${LOCAL_WAIT_HINT}`;
}
