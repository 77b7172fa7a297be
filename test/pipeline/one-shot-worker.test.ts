import { describe, expect, it } from 'vitest';
import { besideWorker, oneShotWorker } from '../../pipeline/one-shot-worker.js';

/** A worker script given as its source. */
const script = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`);

describe('a one-shot worker', () => {
  it('gives what the worker posted, or its error under the given name', async () => {
    await expect(oneShotWorker(script("import { parentPort, workerData } from 'node:worker_threads'; parentPort.postMessage({ type: 'done', value: workerData * 2 });"), 21, 'doubler')).resolves.toBe(42);
    await expect(oneShotWorker(script("import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ type: 'error', message: 'no such table: deca_contract' });"), null, 'reader')).rejects.toThrow(
      'reader: no such table: deca_contract',
    );
  });

  it('fails when the worker stops without a result, or throws', async () => {
    await expect(oneShotWorker(script('process.exit(3);'), null, 'quitter')).rejects.toThrow('quitter stopped (exit code 3) without its result');
    await expect(oneShotWorker(script("throw new Error('boom');"), null, 'thrower')).rejects.toThrow('boom');
  });

  it('beside this thread\'s half: both results, or this half\'s error with the worker\'s failure not left unhandled', async () => {
    const doubler = () => oneShotWorker<number>(script("import { parentPort, workerData } from 'node:worker_threads'; parentPort.postMessage({ type: 'done', value: workerData * 2 });"), 21, 'doubler');
    await expect(besideWorker(doubler(), () => 'mine')).resolves.toEqual(['mine', 42]);
    const failing = oneShotWorker(script("throw new Error('worker boom');"), null, 'thrower');
    await expect(
      besideWorker(failing, () => {
        throw new Error('own boom');
      }),
    ).rejects.toThrow('own boom');
    // The worker's rejection was handled: awaiting it still gives its error.
    await expect(failing).rejects.toThrow('worker boom');
  });
});
